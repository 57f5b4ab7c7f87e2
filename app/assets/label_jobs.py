"""Labels for the whole (filtered) register: laid out by a worker, with progress on the page,
because hundreds of sheets take longer than a request may."""

from flask_babel import lazy_gettext as _l

from app.assets import printing, queries
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.jobs.labels import register_kind
from app.jobs.services import JobFailed, Result, kind
from app.web.i18n import SHANGHAI

KIND = "asset_labels"
MAX_LABELS = 5000

register_kind(KIND, _l("Asset labels (PDF)"))


@kind(KIND)
def print_labels(job, progress) -> Result:
    """The owner's view of the register with the filters they had, as label sheets."""
    today = utcnow().astimezone(SHANGHAI).date()
    query = queries.register(
        job.owner,
        job.params.get("filters", {}),
        today=today,
        warning_days=get_contract().warranty_warning_days,
    )
    assets = db.session.scalars(query.limit(MAX_LABELS + 1)).all()
    if not assets:
        raise JobFailed("nothing_to_do")
    if len(assets) > MAX_LABELS:
        raise JobFailed("too_many", limit=MAX_LABELS)
    progress(0, len(assets))
    pdf = printing.labels_pdf_in_steps(assets, get_contract().client_name, progress)
    return Result(name=f"labels-{today.isoformat()}.pdf", mimetype="application/pdf", data=pdf)
