"""The click CLI through CliRunner: exact messages and exit codes; every command has help with an example."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import __version__
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "eval" / "gold"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli_build")
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(out), "--no-cache"])
    return result, out


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"kg, version {__version__}\n"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: kg " in result.output


def test_build_prints_the_summary(built):
    result, out = built
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "documents read: 2"
    assert lines[1].startswith("actors: ") and "proposals: " in lines[1] and "triples: " in lines[1]
    assert "skipped: none" in lines
    assert "shapes: conforms" in lines
    assert (out / "graph.ttl").exists() and (out / "graph.graphml").exists()


def test_build_names_a_rejected_file_and_exits_2(tmp_path, seed_copy):
    (seed_copy / "empty.txt").write_text("")
    (seed_copy / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = CliRunner().invoke(main, ["build", str(seed_copy), "-o", str(tmp_path / "out"), "--no-cache", "-q"])
    assert result.exit_code == 2
    err = result.stderr if hasattr(result, "stderr") else result.output
    skipped = [line for line in err.splitlines() if line.startswith("skipped: ")]
    assert any("empty.txt" in line and "E101" in line for line in skipped), err
    assert any("blob.txt" in line and "E102" in line for line in skipped), err
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_strict_writes_nothing(tmp_path, seed_copy):
    (seed_copy / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["build", str(seed_copy), "-o", str(tmp_path / "out"), "--strict", "-q"])
    assert result.exit_code == 2
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_query_csv_prints_rows(built):
    _, out = built
    q = "SELECT ?p ?who WHERE { ?p a kg:Proposal ; kg:proposedBy ?who }"
    result = CliRunner().invoke(main, ["query", q, "--graph", str(out / "graph.ttl"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["p", "who"]
    assert len(rows) > 3
    assert any(r[1].endswith("/actor/donald-trump") for r in rows[1:])


def test_query_list_and_bad_query(built):
    _, out = built
    listed = CliRunner().invoke(main, ["query", "--list"])
    assert listed.exit_code == 0 and "proposals" in listed.output
    bad = CliRunner().invoke(main, ["query", "SELECT WHERE {", "--graph", str(out / "graph.ttl")])
    assert bad.exit_code == 2
    assert "E302" in bad.output


def test_validate_exit_codes(built, tmp_path):
    _, out = built
    ok = CliRunner().invoke(main, ["validate", str(out / "graph.ttl")])
    assert ok.exit_code == 0 and ok.output.startswith("Conforms: yes")
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix kg: <https://w3id.org/newskg/ontology#> .\n<https://w3id.org/newskg/id/stance/x> a kg:Stance .\n")
    bad = CliRunner().invoke(main, ["validate", str(broken)])
    assert bad.exit_code == 1 and "Conforms: no" in bad.output
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is not turtle <<<")
    unreadable = CliRunner().invoke(main, ["validate", str(junk)])
    assert unreadable.exit_code == 2 and "E301" in unreadable.output


def test_eval_prints_scores(built):
    _, out = built
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(out / "graph.ttl"), "--no-details"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["P", "R", "F1"]
    assert [line.split()[0] for line in lines[1:6]] == ["actors", "proposals", "conditions", "stances", "events"]
    assert lines[6].startswith("macro F1 ")


def test_missing_model_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(tmp_path), "--model", "no_such_model"])
    assert result.exit_code == 2
    assert "E201" in result.output and "no_such_model" in result.output
    assert "Traceback" not in result.output




def test_nothing_buildable_writes_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o", str(out), "-q"])
    assert result.exit_code == 2
    assert "no article could be built" in result.output
    assert (out / "graph.ttl").read_text() == "previous"


def test_build_full_ner_gives_the_seeds_the_same_graph(built, tmp_path):
    """--full-ner runs the NER over whole articles (kg.entity_windows otherwise): same facts on the seeds."""
    _, out = built
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(tmp_path), "--no-cache", "-q",
                                       "--full-ner", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.nq").read_bytes() == (out / "graph.nq").read_bytes()


def test_console_command_flushes_its_output_and_keeps_exit_codes(tmp_path):
    """`kg` (kg.cli:entry) ends with os._exit after flushing: output and exit codes as click's own."""
    import subprocess
    import sys

    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=tmp_path)

    version = kg("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"kg, version {__version__}")
    unknown = kg("no-such-command")
    assert unknown.returncode == 2 and "No such command 'no-such-command'" in unknown.stderr
    built = kg("build", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "--no-cache")
    assert built.returncode == 0, built.stderr
    assert "documents read: 2" in built.stdout and (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_build_into_a_folder_that_cannot_be_written_fails_with_a_code(tmp_path, seed_copy):
    """An output path that is a file (or a full disk, no permission): one line with E203 and a hint, exit 2,
    no traceback; the file in the way is left as it was."""
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", str(seed_copy), "-o", str(blocker), "--no-cache", "-q"])
    assert result.exit_code == 2, result.output
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert err == (f"error: E203 output folder not writable: cannot write to {blocker}: File exists (hint: free "
                   "some space or choose another folder with -o; the previous exports are intact)\n"), err
    assert "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"
