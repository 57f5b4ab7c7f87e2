"""Translated names and error messages of the register, for pages, the API and imports."""

from flask import Flask, has_request_context
from flask_babel import LazyString, gettext

from app.assets.rules import FieldProblem


def _(text: str, **variables) -> str:
    """gettext in a request; the English text elsewhere (commands, the worker, the demo)."""
    if has_request_context():
        return gettext(text, **variables)
    return text % variables if variables else text


def _l(text: str) -> LazyString:
    """Lazy `_`: translated when shown, in the reader's language."""
    return LazyString(_, text)


STATUS_LABELS = {
    "in_stock": _l("In stock"),
    "in_use": _l("In use"),
    "in_repair": _l("In repair"),
    "at_vendor": _l("At vendor (RMA)"),
    "retired": _l("Retired"),
    "disposed": _l("Disposed"),
}
RELATION_LABELS = {
    "set_member": _l("Same set of equipment"),
    "runs": _l("Runs"),
    "licence": _l("Installed licence"),
    "replaces": _l("Replaces"),
}
WARRANTY_LABELS = {
    "in": _l("In warranty"),
    "expiring": _l("Warranty ends soon"),
    "out": _l("Out of warranty"),
    "unknown": _l("Warranty unknown"),
}
FINDING_LABELS = {
    "default_password": _l("Default password not changed"),
    "rotation_due": _l("Password rotation due"),
    "antivirus_old": _l("Antivirus signatures out of date"),
    "patches_missing": _l("Patches missing"),
}
RESULT_LABELS = {
    "pending": _l("Not checked yet"),
    "present": _l("Present"),
    "absent": _l("Absent"),
    "moved": _l("Moved"),
}
PASSWORD_LABELS = {"yes": _l("Yes"), "no": _l("No"), "unknown": _l("Unknown")}
CATEGORY_LABELS = {
    "hardware": _l("Hardware"),
    "software": _l("Software"),
    "licence": _l("Licence"),
}
FIELD_LABELS = {
    "tag": _l("Asset tag"),
    "type": _l("Type"),
    "serial": _l("Serial number"),
    "model": _l("Model"),
    "manufacturer": _l("Manufacturer"),
    "supplier": _l("Supplier"),
    "purchase_date": _l("Purchase date"),
    "purchase_cost": _l("Purchase cost (RMB)"),
    "warranty_end": _l("Warranty ends"),
    "status": _l("Status"),
    "owner": _l("Owner"),
    "department": _l("Department"),
    "location": _l("Location"),
    "hostname": _l("Host name"),
    "notes": _l("Notes"),
    "default_password_changed": _l("Default password changed"),
    "password_rotated_on": _l("Password last rotated"),
    "password_rotation_days": _l("Rotation interval (days)"),
    "antivirus_date": _l("Antivirus signature date"),
    "patch_level": _l("Patch level"),
    "patches_missing": _l("Missing patches"),
    "created": _l("Registered"),
}


def problem_message(problem: FieldProblem, type_code: str = "") -> str:
    """The user's words for a value that cannot be stored."""
    value, limit = problem.value, problem.limit
    code = problem.code
    if code == "required":
        return _("Required.")
    if code == "bad_tag":
        return _("Use 1–40 letters, digits, dots, dashes or underscores (e.g. LAP-0001).")
    if code == "not_a_date":
        return _("%(value)s is not a date (YYYY-MM-DD).", value=value)
    if code == "no_such_date":
        return _("%(value)s is not a real date.", value=value)
    if code == "not_a_number":
        return _("%(value)s is not an amount.", value=value)
    if code == "negative":
        return _("Cannot be negative.")
    if code == "too_large":
        return _("Too large.")
    if code == "not_a_whole_number":
        return _("%(value)s is not a whole number.", value=value)
    if code == "out_of_range":
        return _("Between %(low)d and %(high)d.", low=limit[0], high=limit[1])
    if code == "too_long":
        return _("At most %(limit)d characters.", limit=limit)
    if code == "not_a_choice":
        return _("One of %(choices)s.", choices=", ".join(limit))
    if code == "not_an_ip":
        return _("%(value)s is not an IP address.", value=value)
    if code == "not_a_mac":
        return _("%(value)s is not a MAC address.", value=value)
    if code == "unknown_parameter":
        return _("The type %(type)s has no parameter %(value)s.", type=type_code, value=value)
    if code == "duplicate_tag":
        return _("%(value)s is already registered.", value=value)
    if code == "unknown_owner":
        return _("No active user has the email %(value)s.", value=value)
    if code == "unknown_department":
        return _("No department has the code %(value)s.", value=value)
    if code == "unknown_type":
        return _("No asset type has the code %(value)s.", value=value)
    if code == "bad_code":
        return _("Use 2–32 lower-case letters, digits or underscores, starting with a letter.")
    if code == "bad_parameter_line":
        return _(
            "Line %(value)s: write key | 中文名 | English name | text, int, date, ip or mac "
            "(each key once).",
            value=value,
        )
    return _("Unknown field %(value)s.", value=value)


def relation_message(problem: str, asset, kind: str, target) -> str:
    if problem == "self":
        return _("An asset cannot be related to itself.")
    if problem == "duplicate":
        return _("%(a)s and %(b)s are already related this way.", a=asset.tag, b=target.tag)
    if problem == "reverse":
        return _("%(b)s already replaces %(a)s.", a=asset.tag, b=target.tag)
    if problem == "categories":
        return _(
            "%(kind)s does not fit a %(a)s and a %(b)s.",
            kind=RELATION_LABELS[kind],
            a=asset.type.code,
            b=target.type.code,
        )
    return _("One of %(kinds)s.", kinds=", ".join(RELATION_LABELS))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        asset_status_label=lambda s: STATUS_LABELS.get(s, s),
        relation_label=lambda k: RELATION_LABELS.get(k, k),
        warranty_label=lambda w: WARRANTY_LABELS.get(w, w),
        finding_label=lambda f: FINDING_LABELS.get(f, f),
        audit_result_label=lambda r: RESULT_LABELS.get(r, r),
        password_label=lambda p: PASSWORD_LABELS.get(p, p),
        asset_field_label=field_label,
    )


def field_label(field: str) -> str:
    """History field names: 'parameters.ip' → 'ip', 'relation.runs' → 'Runs'."""
    if field.startswith("relation."):
        return str(RELATION_LABELS.get(field[9:], field))
    if field.startswith("parameters."):
        return field[11:]
    if field.startswith("rma."):
        return "RMA " + field[4:]
    return str(FIELD_LABELS.get(field, field))
