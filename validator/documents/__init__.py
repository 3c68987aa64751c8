"""Documents the Pemda enacts, made from the maps (issue #14).

* :mod:`.sop`: the SOP AP document (PermenPANRB 35/2012) from SOP maps: its model;
* :mod:`.flowchart`: the SOP flowchart on a grid of rows x pelaksana, paginated;
* :mod:`.docx_writer`, :mod:`.html_view`, :mod:`.pdf`: the formats (DOCX, HTML print view,
  PDF through LibreOffice);
* :mod:`.cli`: ``ppb dokumen``.

The Peta Proses Bisnis document (``ppb dokumen peta``) is to come beside them: a model
module of its own over the same writers' helpers (:mod:`.texts`, page setup).

:func:`sop_document` (paths) and :func:`sop_document_from_files` (maps already read, as the
web has them) give the :class:`~.sop.SopDocument` with its warnings; :func:`render` writes it
in a format. The CLI and, later, the web call these and nothing else.
"""
from __future__ import annotations

from .sop import DocumentError, SopDocument, build_document, build_form

FORMATS = ("docx", "pdf", "html")


def sop_document(paths, *, paper: str = "a4", title: str = "", logo: bytes | None = None,
                 keputusan_nomor: str = "", keputusan_tanggal: str = "") -> SopDocument:
    """One SOP document from files, folders or zips: every SOP map found, in name order.
    Files that are no SOP maps are skipped with a warning; a file that cannot be read is
    a :class:`DocumentError`."""
    from ..mapset import read_set

    files = []
    for path in paths:
        try:
            map_set = read_set(path)
        except Exception as exc:  # a broken zip: UploadError with its own Indonesian message
            raise DocumentError("DOKUMEN_BERKAS_RUSAK",
                                f"Berkas {path} tidak dapat dibaca: {getattr(exc, 'message', exc)}") from None
        files += sorted(map_set.files, key=lambda f: f.name)
    return sop_document_from_files(files, paper=paper, title=title, logo=logo,
                                   keputusan_nomor=keputusan_nomor,
                                   keputusan_tanggal=keputusan_tanggal)


def sop_document_from_files(files, *, paper: str = "a4", title: str = "",
                            logo: bytes | None = None, keputusan_nomor: str = "",
                            keputusan_tanggal: str = "") -> SopDocument:
    """The same from maps already read: :class:`~validator.mapset.MapFile` objects (a stored
    set or an upload on the server), in the order given."""
    from .sop import Warning_

    forms, skipped = [], []
    for f in files:
        if not f.ok:
            reason = getattr(f.error, "message", None) or str(f.error)
            raise DocumentError("DOKUMEN_BERKAS_RUSAK",
                                f"Berkas {f.shown or f.name} tidak dapat dibaca: {reason}")
        if f.map_type != "sop":
            skipped.append(f.shown or f.name)
            continue
        forms.append(build_form(f.model, f.shown or f.name, paper))
    if not forms:
        raise DocumentError("DOKUMEN_TANPA_SOP",
                            "Tidak ada peta SOP (ppb:jenisPeta=\"sop\") pada berkas yang diberikan.")
    doc = build_document(forms, title=title, paper=paper, logo=logo,
                         keputusan_nomor=keputusan_nomor, keputusan_tanggal=keputusan_tanggal)
    if skipped:
        shown = ", ".join(skipped[:5]) + (f", dan {len(skipped) - 5} lainnya" if len(skipped) > 5 else "")
        doc.warnings.append(Warning_("DOKUMEN_BUKAN_SOP_DILEWATI",
                                     f"{len(skipped)} peta bukan peta SOP dan dilewati: {shown}."))
    return doc


def render(doc: SopDocument, fmt: str, template: bytes | None = None) -> bytes:
    """``doc`` in ``fmt`` (docx, pdf, html) as bytes; a PDF needs LibreOffice
    (:class:`DocumentError` ``LIBREOFFICE_TIDAK_ADA`` without it). ``template``: the Pemda's
    own DOCX for the DOCX and PDF formats (see :func:`.docx_writer.write_docx`)."""
    if fmt not in FORMATS:
        raise DocumentError("FORMAT_TIDAK_DIKENAL",
                            f"Format dokumen '{fmt}' tidak dikenal; pilih docx, pdf atau html.")
    if fmt == "html":
        from .html_view import write_html
        return write_html(doc).encode("utf-8")
    import io

    from .docx_writer import write_docx
    buf = io.BytesIO()
    write_docx(doc, buf, template=template)
    if fmt == "docx":
        return buf.getvalue()
    from .pdf import docx_to_pdf
    return docx_to_pdf(buf.getvalue())


__all__ = ["DocumentError", "FORMATS", "SopDocument", "build_document", "build_form", "render",
           "sop_document", "sop_document_from_files"]
