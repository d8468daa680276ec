"""Page furniture recognised by category: sign-up prompts, comment footers, captions, share prompts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.clean.base import LineRule, Stepped, drop_lines, first_reason, is_finished, is_quoted, words
from rashomon.model.records import Removal
from rashomon.resources.wordlists import VERB_BEFORE

SIGNUP_PROMPT = "newsletter or alert sign-up prompt"
COMMENT_FOOTER = "comment section footer"
PHOTO_CAPTION = "photo caption and credit"
SHARE_PROMPT = "share, follow or related-link prompt"
ADVERTISEMENT = "advertisement marker"
COPYRIGHT = "copyright notice"
EMBEDDED_LINK = "embedded media link"
SUBSCRIPTION_PROMPT = "subscription or app prompt"
SITE_NAVIGATION = "site navigation label"
POST_DETAILS = "blog post details"


def _whole(*patterns: str) -> re.Pattern[str]:
    """Compile patterns that must match a whole line, case-insensitively, final punctuation aside."""
    return re.compile(r"^(?:" + "|".join(patterns) + r")\s*[.:!…]*$", re.IGNORECASE)


# A prompt names what it sells (a newsletter, alerts) and speaks to the reader ("you", "your inbox",
# "delivered"); prose that only mentions alerts ("residents were told to sign up for flood alerts")
# lacks the address to the reader and stays.
_SIGNUP_VERB = re.compile(r"\b(?:sign(?:ing)?[ -]?up|subscrib(?:e|ing)|register|receive|get)\b", re.I)
_PRODUCT = re.compile(r"\b(?:newsletters?|alerts?|briefings?|digest|inbox|e-?mails?|updates|headlines)\b", re.I)
_READER = re.compile(r"\b(?:you|your|our)\b|\bdelivered\b|privacy policy|terms of (?:use|service)", re.I)
_IMPERATIVE = re.compile(r"^(?:sign[ -]?up|subscribe|get|receive|don[’']?t miss|never miss)\b", re.I)
# Headings that announce a sign-up box: "Get breaking National news", "Sign up for The Morning".
_SIGNUP_HEADING = re.compile(r"\b(?:news|newsletters?|alerts?|updates|headlines|briefing|inbox)\b", re.I)
# A line that opens by asking the reader to sign up or subscribe is the box's prompt whatever it offers
# ("content", "deals"): prose reports a sign-up ("Residents signed up …"), it does not open with the order.
_SIGN_UP_OPENS = re.compile(r"(?:sign[ -]?up|subscribe)(?: now| today| here| for free)?\s+(?:to|for|and)\b", re.I)
_MAX_SIGN_UP_WORDS = 25
# A sign-up box's heading names the newsletter: "PC Gamer Newsletter", "The Morning Brief newsletter".
_NEWSLETTER_HEADING = re.compile(r"\bnewsletters?\s*$", re.I)
_MAX_HEADING_WORDS = 5
_SIGNUP_WHOLE = _whole(
    r"(?:newsletter|e-?mail)\s+sign[ -]?up",
    r"(?:sign[ -]?up|subscribe)(?:\s+(?:now|here|today|for free))?",
    r"thank you for (?:signing up|subscribing)",
    r"you(?:[’']re| are| have(?: been)?) (?:now )?(?:successfully )?(?:subscribed|signed up)",
    r"(?:enter|your) (?:your )?e-?mail(?: address)?(?: here)?",
    r"invalid e-?mail(?: address)?",
    r"by (?:signing up|subscribing|clicking)\b.{0,200}\b(?:privacy|terms)\b.{0,120}",
    r"(?:breaking )?news alerts?",
)
_COMMENT_WHOLE = _whole(
    r"comments?(?: \(\d+\))?",
    r"\d[\d,]*\s+comments?",
    r"(?:view|show|hide|load|read|see)(?: all| more)?(?: the)?(?: \d+)? comments?(?: \(\d+\))?",
    r"(?:add|leave|post|write) (?:a |your )?comments?",
    r"be the first to comment",
    r"join the (?:conversation|discussion|debate)",
    r"comments (?:are|have been) (?:now )?(?:closed|disabled|turned off)"
    r"(?: for this (?:article|story|post))?",
    r"comment on this (?:article|story|post)",
    r"please (?:let us know|contact us|tell us) if you[’']re having (?:issues|problems|trouble)"
    r" with comment(?:ing|s)",
    r"please (?:read|review|see) our (?:comment(?:ing)?|community) (?:policy|guidelines|standards)",
    r"(?:the )?conversation",
)
_SHARE_WHOLE = _whole(
    r"share(?: this)?(?: (?:article|story|post|page|video))?(?: (?:on|via|with) [\w ,/&]{1,40})?",
    r"(?:copy link|print|e-?mail|tweet|facebook|twitter|linkedin|whatsapp|reddit|pinterest)",
    r"follow (?:us|@\w+|\w+(?: \w+){0,3}) on (?:x|twitter|facebook|instagram|threads|bluesky|linkedin"
    r"|tiktok|youtube|whatsapp|telegram|google news)\b.{0,240}",
    r"follow @\w+",
    r"click here\b.{0,160}",
    r"(?:read|see) (?:more|also)(?:\s*:.{0,160})?",
    r"(?:also read|related(?: (?:articles?|stories|coverage|content|reading|links|news|video))?"
    r"|more on this story|more from [\w .&’']{1,40}|watch(?: live)?|listen)\s*:.{0,160}",
    r"related (?:articles?|stories|coverage|content|reading|links|news)",
    r"recommended(?: (?:for you|stories|articles|reading))?",
    r"most (?:read|popular|viewed)",
)
_AD_WHOLE = _whole(
    r"advertisement|advertising|ad|sponsored(?: content)?|paid (?:content|post)|promoted",
    r"(?:story|article) continues (?:below|after)(?: (?:this|the))?(?: (?:advertisement|ad))?",
    r"story continues below (?:this )?(?:advertisement|ad)",
    r"scroll (?:down )?to continue(?: reading)?|continue reading(?: (?:below|the main story))?",
    r"skip (?:advertisement|ad)",
)
# A notice opens with the sign or "Copyright" and a year, or closes with the reservation; prose about
# copyright law ("Copyright law in Canada...") does neither.
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})|\ball rights reserved\.?$", re.IGNORECASE)
# A notice that opens with the sign or "Copyright" and a year may carry its reprint terms after it.
_COPYRIGHT_OPENS = re.compile(r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*\d{4}\b", re.IGNORECASE)
_NOTICE_OPENED_WORDS = 60
# A reprint notice forbids copying the text it closes: "This material may not be published, broadcast,
# rewritten or redistributed." (the wires' notice), "This article is the copyrighted property of …".
_COPY_VERB = r"(?:published|reproduced|broadcast|rewritten|redistributed|republished|copied|distributed)"
_REPRINT = re.compile(
    rf"^(?:this|the|all) (?:material|article|story|content|report)s?\b.{{0,60}}?\b(?:may not be {_COPY_VERB}"
    rf"(?:(?:,? (?:or |and )?{_COPY_VERB}){{1,5}}|(?: in (?:whole or in part|any form))? without (?:\w+ )?permission)"
    r"(?: in (?:whole or in part|any form))?\s*[.!]?$"
    r"|is the copyrighted property of\b)"
    r"|^(?:written )?permission (?:must be|is) (?:obtained|required)\b.{0,60}\b(?:reprint|republish|reproduc)",
    re.IGNORECASE,
)

# Credits that close a caption. Each form is how an outlet or agency signs a picture; all require
# the line to end there, so prose mentioning a photo ("he posted a photo of...") never matches.
_CREDIT_END = re.compile(
    r"""(?:
      # a capitalised label anywhere ("… in Beijing Photo: VCG"); a lower-case one only where it opens the
      # line or follows a sentence end, a bracket, a bar or a dash: "The big picture: Tensions between the
      # U.S." is prose, "… in Beijing | photo: VCG" a credit
      (?:\b(?=[A-Z])|^|(?<=[.!?)\]|—–"”’-])|(?<=[.!?)\]|—–"”’-]\s))
      (?i:photo(?:graph)?s?|pictures?|pic|images?|video|graphic|illustration)(?i:\s+(?:credit|courtesy))?(?i:\s+by)?
          \s*:\s*(?:[A-Z0-9]|(?i:courtesy))(?:[^.!?:]|(?<=\b[A-Z])\.){0,80}   # Photo: VCG
    | \b(?i:credit)\s*:\s*[A-Z](?:[^.!?:]|(?<=\b[A-Z])\.){0,80}             # Credit: J. Doe/AFP
    | \((?i:[^()]{0,40}\b(?:photo|image|picture)s?\s*(?:by\b|:|/|courtesy\b|credit\b)[^()]{0,100})\)\.?
                                                                          # (Photo by X/Getty Images)
    | \((?i:[^()]{0,40}\bfile\s+(?:photo|image)\b[^()]{0,60})\)\.?          # (Reuters file photo)
    | \((?i:(?:credit|courtesy)\b[^()]{0,100})\)\.?                         # (Courtesy of the family)
    | \b(?:REUTERS|AFP|AP|EPA|VCG|XINHUA|AAP|ANP)(?:\s+Photo)?\s*/\s*[A-Z][^.!?]{0,60}   # REUTERS/Blair Gable
    | /\s*(?:Getty\s+Images|AFP|Reuters|AP|EPA|Shutterstock|Bloomberg|Xinhua|Alamy|The\s+Canadian\s+Press)
          (?:\s+via\s+Getty\s+Images)?                                      # Name/Getty Images
    | \bvia\s+Getty\s+Images
    | \b(?i:file\s+(?:photo|image))
    )\s*$""",
    re.VERBOSE,
)
_FILE_PHOTO = re.compile(r"^FILE PHOTO\b")
# A graphic's label before the words it illustrates: "Map of Iran highlighting the epicentre: A tremor shook
# …", "Photos showing the damage". The label names a picture and what it shows, with no sentence of its own.
_MEDIA_LABEL = (
    r"(?:map|photo(?:graph)?|picture|image|graphic|chart|video|infographic|gallery|slideshow)s?"
    r"\s+(?:of|showing|shows|highlighting|from|with)\s+[^:.!?“”\"]{1,100}?"
)
_MEDIA_CAPTION = re.compile(rf"^{_MEDIA_LABEL}$", re.IGNORECASE)
_MEDIA_LABEL_BEFORE = re.compile(rf"^{_MEDIA_LABEL}:\s+(?=[A-Z“\"])", re.IGNORECASE)
# A paywall's or an app's prompt speaks to the reader about the story itself: "To view the full story, please
# subscribe to …", "If you're already a subscriber, you can log in for immediate access to this story",
# "… download the Nationnews apps for iOS and Android". Prose about subscribers ("The paper lost 2,000
# subscribers") names no access to the story and no app to download.
_SUBSCRIBE = re.compile(r"\bsubscri(?:be|bers?|ption)\b", re.I)
_ACCESS = re.compile(
    r"\b(?:(?:the|this) (?:full |whole )?(?:story|article)|continue reading|keep reading|read the rest"
    r"|(?:unlimited|immediate|full) access|log ?in|sign ?in)\b",
    re.I,
)
_APP = re.compile(r"\bdownload (?:the|our) [\w .&’'-]{1,40}?\bapps?\b", re.I)
# The prompt's request: "please", or a sentence opening with the action ("Subscribe now …", "Log in to …").
_ASKS = re.compile(r"\bplease\b|(?:^|[.?!]\s+)(?:subscribe|log ?in|sign ?(?:in|up)|download)\b", re.I)
_FOR_NEWS = re.compile(r"\bfor (?:the latest|breaking|more|full)\b", re.I)
_MAX_PROMPT_WORDS = 40
# A page's own navigation: "Site Mobile Navigation", "Skip to main content", "Open menu", "Back to top".
_NAVIGATION_WHOLE = _whole(
    r"(?:(?:site|main|mobile|primary|secondary|global|top)\s+){1,3}(?:navigation|nav|menu)",
    r"(?:navigation|menu|main menu|sections)",
    r"skip(?: to)? (?:main |the )?(?:content|navigation|article|search|story)",
    r"(?:open|close|toggle|show|hide) (?:the )?(?:menu|navigation|search)",
    r"(?:back|return) to top",
)
# A promotion of the outlet's running coverage, set as an unfinished line: "ON DEADLINE: Live updates and
# local coverage", "Complete coverage of the storm". Prose reporting on coverage ends like a sentence.
_COVERAGE = re.compile(r"\b(?:live|latest|local|complete|full|continuing|more) (?:updates|coverage|blog)\b", re.I)
_MAX_PROMO_WORDS = 12
# A blog's post line: "On behalf of Lane & Cole, LLP. posted in Pedestrian Accidents on Friday, May 3, 2013.",
# "Posted by Ann Lee on March 3, 2013". It opens the line and ends with its date: "The video was posted on
# March 3, 2013" is prose.
_POST_DETAILS = re.compile(r"^(?:on behalf of\s.{1,100}?\s)?posted\s+(?:by|in|on|at)\s*:?\s.{1,150}$", re.IGNORECASE)
_ENDS_IN_DATE = re.compile(
    r"(?:\b\d{1,2},?\s+\d{4}|\b(?:19|20)\d{2}|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)\s*[.)]?$", re.IGNORECASE
)
_MAX_POST_WORDS = 30
# Short-link forms of embedded tweets and posts: the link is furniture, the post's words are not.
_EMBED_LINK = re.compile(r"\s*\b(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/\w+", re.IGNORECASE)
_EMBED_CHROME = _whole(r"view this post on (?:instagram|x|twitter|facebook|tiktok)", r"embedded (?:post|tweet|video)")


def is_signup_prompt(line: str) -> bool:
    """Return whether a line invites the reader to sign up for a newsletter or alerts."""
    if _SIGNUP_WHOLE.match(line):
        return True
    if is_quoted(line) or not _SIGNUP_VERB.search(line) or len(words(line)) > 45:
        return False
    if _SIGN_UP_OPENS.match(line) and len(words(line)) <= _MAX_SIGN_UP_WORDS:
        return True  # "Sign up to get the best content of the week, and great deals, as picked by the editors."
    return bool(_PRODUCT.search(line)) and bool(_READER.search(line) or _IMPERATIVE.match(line))


def is_signup_heading(line: str) -> bool:
    """Return whether a short unpunctuated line announces a sign-up box ("Get breaking X news", "PC Gamer
    Newsletter")."""
    if is_finished(line):
        return False
    if _NEWSLETTER_HEADING.search(line) and len(words(line)) <= _MAX_HEADING_WORDS:
        return True
    return bool(_IMPERATIVE.match(line)) and len(words(line)) <= 8 and bool(_SIGNUP_HEADING.search(line))


def is_comment_footer(line: str) -> bool:
    """Return whether a line belongs to a comment section's header or footer."""
    return bool(_COMMENT_WHOLE.match(line))


def is_share_prompt(line: str) -> bool:
    """Return whether a line asks the reader to share, follow, click or read a related link."""
    return bool(_SHARE_WHOLE.match(line)) and len(words(line)) <= 40


def is_advertisement(line: str) -> bool:
    """Return whether a line marks an advertisement slot."""
    return bool(_AD_WHOLE.match(line))


def is_copyright(line: str) -> bool:
    """Return whether a line is a copyright or reprint notice.

    A line that opens with the sign or "Copyright" and a year may carry the reprint terms after it (60 words:
    "© 2022, X.com. This article is the copyrighted property of X. Written permission must be obtained …");
    other forms stay short (30).
    """
    n = len(words(line))
    if n <= _NOTICE_OPENED_WORDS and _COPYRIGHT_OPENS.match(line):
        return True
    return bool(_COPYRIGHT.search(line) or _REPRINT.search(line)) and n <= 30


def is_photo_caption(line: str) -> bool:
    """Return whether a line is a photo caption or credit (it ends in a credit)."""
    return bool(_FILE_PHOTO.match(line) or _may_end_in_credit(line) and _CREDIT_END.search(line))


def _may_end_in_credit(line: str) -> bool:
    """Return False only for lines `_CREDIT_END` cannot match, which is most prose: cheap to rule out first.

    Each of its forms needs a ":" (Photo: X, Credit: X), a "/" (REUTERS/X, X/Getty Images), "Getty" (via
    Getty Images), a closing bracket at the end ((Photo by X)) or "photo"/"image" at the end (file photo).
    """
    end = line.rstrip()[-2:]
    return ":" in line or "/" in line or "Getty" in line or end[-1:] in ")oOeE" or end == ")."


def is_media_caption(line: str) -> bool:
    """Return whether a line is a picture's label alone ("Map of Iran highlighting epicenter of earthquake").

    A label has no finite verb: "Video of the shooting is played at trial" is a headline, and stays.
    """
    return bool(_MEDIA_CAPTION.match(line.strip())) and not _has_auxiliary(line)


def _has_auxiliary(phrase: str) -> bool:
    """Whether a form of "be" or "have", or a modal, stands in the phrase: they make a sentence, not a label."""
    return any(w.lower() in VERB_BEFORE for w in words(phrase))


def is_subscription_prompt(line: str) -> bool:
    """Return whether a line asks the reader to subscribe or log in to read the story, or to get the app."""
    if is_quoted(line) or len(words(line)) > _MAX_PROMPT_WORDS:
        return False
    if _SUBSCRIBE.search(line) and _ACCESS.search(line):
        return bool(_READER.search(line) or _ASKS.search(line))
    return bool(_APP.search(line)) and bool(_READER.search(line) or _ASKS.search(line) or _FOR_NEWS.search(line))


def is_navigation(line: str) -> bool:
    """Return whether a line is a label of the page's own navigation ("Site Mobile Navigation")."""
    return bool(_NAVIGATION_WHOLE.match(line))


def is_coverage_promo(line: str) -> bool:
    """Return whether a short unfinished line promotes the outlet's running coverage ("Live updates")."""
    return (
        not is_finished(line)
        and not is_quoted(line)
        and len(words(line)) <= _MAX_PROMO_WORDS
        and bool(_COVERAGE.search(line))
    )


def is_post_details(line: str) -> bool:
    """Return whether a line is a blog post's author, category and date line."""
    line = line.strip()
    if len(words(line)) > _MAX_POST_WORDS or is_quoted(line) or not _POST_DETAILS.match(line):
        return False
    return bool(_ENDS_IN_DATE.search(line))


def is_embed_chrome(line: str) -> bool:
    """Return whether a line is the frame of an embedded post ("View this post on Instagram")."""
    return bool(_EMBED_CHROME.match(line))


FURNITURE_RULES: Sequence[tuple[str, LineRule]] = (
    (SUBSCRIPTION_PROMPT, is_subscription_prompt),  # before sign-ups: "Subscribe now … for the full story"
    (SIGNUP_PROMPT, lambda line: is_signup_prompt(line) or is_signup_heading(line)),
    (COMMENT_FOOTER, is_comment_footer),
    (ADVERTISEMENT, is_advertisement),
    (SHARE_PROMPT, lambda line: is_share_prompt(line) or is_coverage_promo(line)),
    (PHOTO_CAPTION, lambda line: is_photo_caption(line) or is_media_caption(line)),
    (SITE_NAVIGATION, is_navigation),
    (POST_DETAILS, is_post_details),
    (COPYRIGHT, is_copyright),
    (EMBEDDED_LINK, is_embed_chrome),
)


def drop_furniture(text: str) -> Stepped:
    """Remove lines of page furniture, each with the reason of its category."""
    return drop_lines(text, lambda line: first_reason(line, FURNITURE_RULES))


def drop_embedded_links(text: str) -> Stepped:
    """Remove short links of embedded posts ("pic.twitter.com/..."), keeping the post's words."""
    if ".co" not in text.lower():  # every short link has ".co" ("t.co", "x.com"): most texts have none
        return Stepped(text=text)
    removed = tuple(Removal(text=m.group(0).strip(), reason=EMBEDDED_LINK) for m in _EMBED_LINK.finditer(text))
    return Stepped(text=_EMBED_LINK.sub("", text), removed=removed)


def drop_media_labels(text: str) -> Stepped:
    """Remove a picture's label set before a paragraph's first sentence ("Map of Iran highlighting the
    epicentre: A tremor shook …"), keeping the sentence."""
    kept, removed = [], []
    for line in text.split("\n"):
        found = _MEDIA_LABEL_BEFORE.match(line) if ":" in line else None
        if found is None or is_quoted(found.group(0)) or _has_auxiliary(found.group(0)):
            kept.append(line)
            continue
        removed.append(Removal(text=found.group(0).strip().rstrip(":"), reason=PHOTO_CAPTION))
        kept.append(line[found.end() :])
    return Stepped(text="\n".join(kept), removed=tuple(removed)) if removed else Stepped(text=text)


TRAILING_TITLE = "trailing video title or related headline"
_MAX_TITLE_WORDS = 20
_BODY_MIN_WORDS = 8
# Sign-offs that credit other sources ("With files from Reuters") and the attribution line of an
# embedded post ("— Name (@handle) date") are evidence later stages use, never titles.
_SIGN_OFF = re.compile(
    r"^(?:[—–-]|(?:with (?:files|reporting) from|(?:additional )?reporting by|edited by|writing by)\b)", re.I
)


def drop_trailing_titles(text: str) -> Stepped:
    """Remove short unpunctuated lines (video titles, related headlines) after the last body paragraph."""
    lines = text.split("\n")
    end = len(lines)
    cut = end
    for index in range(end - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if is_finished(line) or _SIGN_OFF.match(line) or len(words(line)) > _MAX_TITLE_WORDS:
            break
        cut = index
    else:
        return Stepped(text=text)
    if cut == end or not _is_body(lines[:cut]):
        return Stepped(text=text)
    removed = tuple(Removal(text=line.strip(), reason=TRAILING_TITLE) for line in lines[cut:] if line.strip())
    return Stepped(text="\n".join(lines[:cut]), removed=removed)


def _is_body(lines: list[str]) -> bool:
    """Return whether the text ends in a finished body paragraph, after its blank lines."""
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return is_finished(last) and len(words(last)) >= _BODY_MIN_WORDS
