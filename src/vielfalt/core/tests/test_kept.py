"""``core.lib.kept``: what is kept per process, and the one moment all of it is forgotten."""

from vielfalt.core.lib import kept


def test_forgetting_clears_every_memo_and_moves_the_generation_on(monkeypatch):
    monkeypatch.setattr(kept, "_clears", [])
    cleared = []
    kept.forget_with(lambda: cleared.append(True))
    before = kept.generation()

    kept.forget()

    assert cleared == [True]
    assert kept.generation() == before + 1


def test_a_node_keeps_a_handful_of_outputs_and_starts_afresh_beyond():
    outputs: kept.PerKey[str] = kept.PerKey()

    assert outputs.keep("de", "<de>") == "<de>"
    assert outputs.get("de") == "<de>"

    for number in range(kept.PerKey.LIMIT):
        outputs.keep(number, str(number))

    assert len(outputs) <= kept.PerKey.LIMIT
    assert outputs.get("de") is None  # started afresh
