"""Report work that takes seconds, done by a worker: generating a version (its figures and
both PDF editions), and rendering an edition that is not stored yet."""

from flask_babel import lazy_gettext as _l

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.jobs.labels import register_kind
from app.jobs.services import JobFailed, Result, kind, page_url, submit
from app.reports import pdf, services
from app.reports.models import ServiceReport

GENERATE = "report_generate"
RENDER = "report_pdf"
LANGUAGES = ("zh", "en")

register_kind(GENERATE, _l("Service report"))
register_kind(RENDER, _l("Service report PDF"))


@kind(GENERATE)
def generate(job, progress) -> Result:
    """Figures first (the new version is kept from then on), then each edition's PDF."""
    progress(0, 1 + len(LANGUAGES))
    report = services.generate(
        job.params["kind"],
        job.params["period"],
        actor=job.owner,
        now=utcnow(),
        contract=get_contract(),
    )
    db.session.commit()
    progress(1)
    for done, lang in enumerate(LANGUAGES, start=2):
        pdf.render_stored(report, lang)
        progress(done)
    return Result(name=report.reference, url=page_url("reports.detail", report_id=report.id))


@kind(RENDER)
def render(job, progress) -> Result:
    report = db.session.get(ServiceReport, job.params["report_id"])
    if report is None:
        raise JobFailed("gone")
    lang = job.params["lang"]
    progress(0, 1)
    pdf.render_stored(report, lang)
    progress(1)
    return Result(
        name=pdf.filename(report, lang),
        url=page_url("reports.download", report_id=report.id, lang=lang),
    )


def prepare(report: ServiceReport, owner) -> None:
    """After a change the PDF prints (review): render the editions now, not at download."""
    for lang in LANGUAGES:
        if pdf.stored_file(report, lang) is None:
            submit(RENDER, owner, {"report_id": report.id, "lang": lang})
