"""The pure half of `verify`: config and probe comparison."""

from converter.parse import parse
from converter.verify import compare_config, compare_probes, declared_env_and_labels


def test_config_compares_declared_env_and_labels_only():
    df = parse('FROM golang:1.19\nENV A=1\nLABEL team=x\nCMD ["a"]\n')
    env, labels = declared_env_and_labels(df)
    assert env == {"A"} and labels == {"team"}
    orig = {"Cmd": ["a"], "Env": ["PATH=/go/bin:/usr/bin", "GOPATH=/go", "A=1"], "Labels": {"team": "x", "base": "golang"}}
    conv = {"Cmd": ["a"], "Env": ["PATH=/usr/bin", "A=1"], "Labels": {"team": "x"}}
    assert compare_config(orig, conv, env, labels) == ()
    conv_bad = {"Cmd": ["b"], "Env": ["A=2"], "Labels": {}, "User": "1000"}
    diffs = compare_config(orig, conv_bad, env, labels)
    assert any(d.startswith("Cmd") for d in diffs) and any(d.startswith("Env A") for d in diffs)
    assert any(d.startswith("Label team") for d in diffs) and any(d.startswith("User") for d in diffs)


def test_empty_and_missing_config_values_are_equal():
    assert compare_config({"Volumes": None, "User": ""}, {}, set(), set()) == ()


def test_probe_diffs_name_what_differs():
    a = (("exit", "0"), ("stdout", "hello\n"))
    assert compare_probes(a, a) == ()
    d = compare_probes(a, (("exit", "1"), ("stdout", "hello\n")))
    assert d == ("exit: '0' != '1'",)
