"""The plan page in a real browser: a plan refused whole shows every problem with its place;
a sound one is reviewed against the active plan and replaces it only once confirmed; an
earlier plan is rolled back to through the same review."""
from __future__ import annotations

import yaml

from .web_server import ADMIN, SAMPLES, live_server, monkeypatch_module, web_page  # noqa: F401

PLAN = SAMPLES / "rencana-pariaman.yaml"


def _doc():
    return yaml.safe_load(PLAN.read_text(encoding="utf-8"))


def _upload(page, name: str, data: bytes) -> None:
    page.goto(page.origin + "/rencana")
    page.set_input_files("#berkas", files=[{"name": name, "mimeType": "application/x-yaml",
                                             "buffer": data}])
    with page.expect_navigation():
        page.click("#kirim-rencana")


def _active(page) -> str:
    page.goto(page.origin + "/rencana")
    return page.inner_text("#rencana-aktif")


def test_plan_refused_whole_then_reviewed_confirmed_and_rolled_back(web_page, tmp_path):
    page = web_page()
    page.login(*ADMIN)

    # 1. a plan with four broken references/targets: all four listed, nothing stored
    doc = _doc()
    doc["rpjmd"]["tujuan"][0]["misi"] = "M9"
    doc["rpjmd"]["sasaran"][1]["tujuan"] = "T9.9"
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"][2026] = "abc"
    doc["renstra"][0]["opd"] = "DINAS-HANTU"
    _upload(page, "rusak.yaml", yaml.safe_dump(doc, allow_unicode=True).encode())
    assert "4 kesalahan" in page.inner_text("#rencana-error")
    items = page.locator("#rencana-masalah li")
    assert items.count() == 4
    paths = {items.nth(i).get_attribute("data-path") for i in range(4)}
    assert paths == {"rpjmd.tujuan[0].misi", "rpjmd.sasaran[1].tujuan",
                     "rpjmd.sasaran[0].indikator[0].target.2026", "renstra[0].opd"}
    assert "DINAS-HANTU" in page.inner_text("#rencana-masalah")
    page.screenshot(path=str(tmp_path / "rencana-ditolak.png"), full_page=True)
    assert "Belum ada rencana" in _active(page)

    # 2. the sample plan: reviewed (everything is new), active only after confirming
    _upload(page, "rencana-pariaman.yaml", PLAN.read_bytes())
    assert "/tinjau" in page.url
    assert int(page.inner_text("#jumlah-ditambah")) == len(
        [s for s in _doc()["rpjmd"]["sasaran"]] + [s for r in _doc()["renstra"] for s in r["sasaran"]])
    assert "S4.5" in page.inner_text("#rencana-peringatan")      # a warning, not a refusal
    review = page.url
    assert "Belum ada rencana" in _active(page)                  # not yet
    page.goto(review)
    with page.expect_navigation():
        page.click("#konfirmasi-rencana")
    assert "sekarang aktif" in page.inner_text("main")
    assert "RPJMD-1377-2025-2029" in page.inner_text("#rencana-aktif")

    # 3. a new plan without DUK-S1: one sasaran removed, then confirmed
    doc = _doc()
    doc["rpjmd"]["id"] = "RPJMD-TANPA-DUK-S1"
    doc["renstra"][0]["sasaran"] = [s for s in doc["renstra"][0]["sasaran"] if s["id"] != "DUK-S1"]
    _upload(page, "tanpa-duk.yaml", yaml.safe_dump(doc, allow_unicode=True).encode())
    assert page.inner_text("#jumlah-dihapus") == "1" and page.inner_text("#jumlah-ditambah") == "0"
    assert "DUK-S1" in page.inner_text("#sasaran-dihapus")
    page.screenshot(path=str(tmp_path / "rencana-tinjau.png"), full_page=True)
    with page.expect_navigation():
        page.click("#konfirmasi-rencana")
    assert "RPJMD-TANPA-DUK-S1" in page.inner_text("#rencana-aktif")

    # 4. rollback: the history offers the first plan; its review shows DUK-S1 coming back
    row = page.locator("#tabel-riwayat tr", has_text="rencana-pariaman.yaml")
    with page.expect_navigation():
        row.locator("a.tinjau-rencana").click()
    assert page.inner_text("#jumlah-ditambah") == "1"
    assert "DUK-S1" in page.inner_text("#sasaran-ditambah")
    with page.expect_navigation():
        page.click("#konfirmasi-rencana")
    assert "RPJMD-1377-2025-2029" in page.inner_text("#rencana-aktif")
    page.goto(page.origin + "/audit")
    assert page.locator("text=diaktifkan kembali").count() >= 1

    assert all("status of 422" in e for e in page.errors), page.errors
    assert not page.remote
