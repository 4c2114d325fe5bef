"""The canonical form of a story's link: tracking parameters and fragment dropped.

Feeds and social shares add campaign tags to the same story (``?utm_source=rss``,
``&fbclid=...``, ``#xtor=RSS-3``); each tagged copy would otherwise look like a
new article. Only parameters that are documented as tracking (analytics and ad
click identifiers) go; every other parameter may select content and stays, in
its order.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMETERS", "canonical_link", "is_tracking_parameter"]

#: Click and campaign identifiers of the analytics and ad platforms news sites use.
TRACKING_PARAMETERS = frozenset("""
fbclid gclid gclsrc dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id igshid igsh
mc_cid mc_eid _hsenc _hsmi mkt_tok vero_id vero_conv oly_anon_id oly_enc_id rb_clickid
s_cid wt.mc_id wt.mc_ev xtor at_medium at_campaign at_platform at_creation at_variant
cmpid ncid ocid smid sr_share spm scid _ga _gl ref_src ref_url
""".split())
#: Prefixes of whole families of campaign parameters (Google Analytics' utm_*,
#: Piwik/Matomo's pk_* and mtm_*).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def canonical_link(url: str) -> str:
    """``url`` without tracking parameters or fragment; unchanged when it has none.

    Not a URL (no scheme and host): returned as it is.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    # Filter the parameters as written (their escapes kept), judging each by its
    # decoded name.
    kept = [p for p in parts.query.split("&") if p and not is_tracking_parameter(unquote_plus(p.split("=", 1)[0]))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), ""))
