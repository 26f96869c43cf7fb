"""Regenerate the golden files of the seeds: `make golden` (then read `git diff tests/golden` before committing)."""
from tests.golden.snapshot import write_all

if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")
