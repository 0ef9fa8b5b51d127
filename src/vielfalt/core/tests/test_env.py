import pytest

from vielfalt.core.lib.env import envbool, envint, envlist, envsecret, envstr


@pytest.fixture
def env(monkeypatch):
    """Set environment variables for one test; unset ones stay unset."""
    for name in ("VF_TEST", "VF_TEST_FILE"):
        monkeypatch.delenv(name, raising=False)

    def setenv(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return setenv


def test_envstr(env):
    assert envstr("VF_TEST", "fallback") == "fallback"
    env(VF_TEST="value")
    assert envstr("VF_TEST", "fallback") == "value"


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " On "])
def test_envbool_true(env, value):
    env(VF_TEST=value)
    assert envbool("VF_TEST", False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_envbool_false(env, value):
    env(VF_TEST=value)
    assert envbool("VF_TEST", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_envbool_default_when_unset(env, default):
    assert envbool("VF_TEST", default) is default


def test_envbool_rejects_other_values(env):
    env(VF_TEST="maybe")
    with pytest.raises(ValueError, match="VF_TEST must be a boolean"):
        envbool("VF_TEST")


def test_envint(env):
    assert envint("VF_TEST", 7) == 7
    env(VF_TEST="")
    assert envint("VF_TEST", 7) == 7
    env(VF_TEST="42")
    assert envint("VF_TEST", 7) == 42


def test_envint_rejects_other_values(env):
    env(VF_TEST="forty-two")
    with pytest.raises(ValueError, match="VF_TEST must be an integer"):
        envint("VF_TEST", 0)


def test_envlist(env):
    assert envlist("VF_TEST") == []
    assert envlist("VF_TEST", ["a"]) == ["a"]
    env(VF_TEST=" example.org, www.example.org ,,")
    assert envlist("VF_TEST", ["a"]) == ["example.org", "www.example.org"]
    env(VF_TEST="")
    assert envlist("VF_TEST", ["a"]) == []


def test_envlist_default_is_a_copy(env):
    default = ["a"]
    envlist("VF_TEST", default).append("b")
    assert default == ["a"]


def test_envsecret_from_the_variable(env):
    assert envsecret("VF_TEST", "fallback") == "fallback"
    env(VF_TEST="s3cret")
    assert envsecret("VF_TEST") == "s3cret"


def test_envsecret_file_wins_over_the_variable(env, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file\n", encoding="utf-8")
    env(VF_TEST="from-variable", VF_TEST_FILE=str(secret))

    assert envsecret("VF_TEST") == "from-file"


def test_envsecret_missing_file_is_an_error(env, tmp_path):
    env(VF_TEST_FILE=str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError):
        envsecret("VF_TEST")
