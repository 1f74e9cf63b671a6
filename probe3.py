import os, sys
from pathlib import Path
sys.path.insert(0, "/work/wt/zherr1")
from typer.testing import CliRunner
from carborder.cli.main import app
from tests.zh_check import english_words
os.environ["CARBORDER_PSEUDONYM_KEY"] = "test-pseudonym-key-0123456789abcdef"
ws = Path("/tmp/z1/t/ws")
r = CliRunner()
def run(*a, env=None):
    res = r.invoke(app, [str(x) for x in a], env=env)
    print("$", " ".join(map(str, a))[:150], "->", res.exit_code)
    print(res.output.strip()[:800]); print("EN:", english_words(res.output.replace("\n", " "))); print()
run("plan", "nope", "--workspace", ws, "--lang", "zh")
run("assess", "--as-of", "1990-01-01", "--workspace", ws, "--lang", "zh")
run("demo", ws, "--lang", "zh")
run("user", "add", "li", "--role", "viewer", "--workspace", ws, "--lang", "zh")
run("assess", "--as-of", "1990-01-01", "--workspace", ws, "--lang", "en")
