"""Who claims what: claim spans, claimants and claim types, by rules.

For reported speech and quotes the claim is the content and the claimant the
speaker: "despite Moscow saying that tanks are being withdrawn" gives the
claim "tanks are being withdrawn" by "Moscow". Speakers are normalised to the
fullest form of their name in the article ("Biden" → "Joe Biden"), titles are
dropped ("NATO Secretary-General Jens Stoltenberg" → "Jens Stoltenberg"), and
pronouns ("he said") resolve to the last person quoted or named, and a role
("the President said") to the latest speaker the article gives that title. A
quote that runs over several sentences is attributed as a whole, before or after
its speaker is named ('"...," she said. "More of it."'). Besides "X said (that)",
the patterns cover a speaker after the cue (", said Jo Smith, a lawyer"),
speakers without a capital ("officials said"), "X, she said, ..." in mid-sentence,
"according to" with any source, ", saying ..." and headline "Speaker: claim".
Polarity: denials ("Russia has denied having any invasion plans", "dismissed
claims that ...") are the claimant's claims with the stance "denies", their span
keeping the verb; a denial verb with no report after it ("is denying flu vaccines
to immigrants") is no attribution; a report that is itself negated ("did not say
that ...", "refused to confirm") claims nothing, so the sentence stays whole, the
outlet's. Acts of speech or stance with an object ("urged voters to ...", "called the
tax a disaster", "wants to ...") are the subject's claims with the verb kept, as denials
are; their words were mined from PolNeAR train (each a cue at least half the times it
occurs there, its claims covering an annotated content at least 60% of the time). "He
said" after an outlet's sentence that opens with a person is that person's. An unnamed
spokesperson speaks for the institution ("a WeWork spokesperson" → WeWork); a lone common noun
("bosses") is no claimant; a place ("Inner Mongolia") is never a person. An expletive, an
adverb, a demonstrative or a contraction is never a claimant ("There are fears that ...", "That
said, ..."); the writer's own "we" outside quotations is the outlet; a description of a person
("the former heavyweight champion told LBC ...") is the person just quoted; in a question-and-answer
interview the answers are the interviewee's. Each claim also gets a ``standalone`` text
(standalone.py).
Built on PolNeAR train; `evaluation/attribution.py` measures it on PolNeAR dev.
A sentence with no attribution is one claim by ``default_claimant`` (the outlet).

Regular expressions and small word lists only: a few milliseconds an article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from . import speakers as ranker
from .claim_types import IRREGULAR_PAST as _IRREGULAR_PAST
from .claim_types import claim_type
from .patterns import words
from .standalone import DENIAL_VERBS, DENIED_THINGS, People, Person, referent, standalone_text
from .types import ClaimSpan, Sentence

# Acts of speech or stance that take an object rather than a clause ("criticized the plan as ...",
# "urged voters to ...", "vowed to appeal", "called the deal a disaster"): the subject's claim is
# the act, so the span keeps the verb, as a denial's does. Mined from PolNeAR train, where each of
# these words is annotated as a cue at least half the times it occurs and the claims it gives
# cover an annotated content at least 60% of the time ("endorsed", "praised", "attacked",
# "blasted", "slammed", "threatened", "voiced", "issued", "pushed", "talked", "posted", "backed",
# "opposed", "named", "mentioned", "referred", "discussed", "repeated" and "listed" did not).
_ACT_WORDS = frozenset(
    "criticized criticizes criticizing criticised criticises criticising condemned condemns condemning "
    "defended defends defending urged urges urging accused accuses accusing blamed blames blaming described "
    "describes describing questioned mocked mocks mocking challenged cited cites citing highlighted "
    "welcomed lauded lauds hailed hails touted touts decried decries lamented laments reiterated reiterates "
    "reiterating echoed echoing vowed vows vowing promised promises promising proposed "
    "proposes proposing demanded demands demanding called calls calling asked asks asking expressed expresses "
    "congratulated thanked apologized apologised predicted predicts predicting recommended requested "
    "ordered".split()
) | frozenset(
    "offered sought seeks supported supports warned warns complained complains insisted want wants wanted plans "
    "planned intends intended pressed suggested proposed agreed admitted acknowledged conceded".split()
)
_BASE_CUES = (
    "said|says|say|told|tells|added|adds|claimed|claims|insisted|insists|warned|warns|stated|"
    "states|announced|announces|denied|denies|accused|accuses|argued|argues|noted|notes|wrote|"
    "writes|tweeted|tweets|explained|explains|confirmed|confirms|revealed|reveals|reported|"
    "suggested|suggests|admitted|admits|acknowledged|acknowledges|promised|promises|vowed|vows|"
    "declared|declares|asserted|asserts|maintained|maintains|estimated|estimates|predicted|"
    "predicts|alleged|alleges|believes|believed|stressed|stresses|emphasised|emphasized|"
    "boasted|boasts|complained|complains|conceded|concedes|concluded|contended|countered|"
    "indicated|indicates|observed|recalled|remarked|replied|responded|testified|thinks|"
    "insisting|saying|telling|adding|claiming|warning|stating|announcing|denying|arguing|"
    "noting|writing|tweeting|explaining|confirming|suggesting|admitting|boasting|"
    "found|finds|showed|shows|concluded|concludes|continued|wrote|writes|reports|"
    "pointed out|made clear|disputed|disputes|disputing|rejected|rejects|rejecting|dismissed|dismisses|"
    "dismissing|refuted|refutes|refuting|rebutted|rebuts|contested|contests|ruled out|rules out|ruling out|"
    "repeated his false claim|repeated her false claim|repeated their false claim|repeated the false claim|"
    "repeated his claim|repeated her claim|repeated their claim|repeated the claim|"
    "think|thought|believe|hope|hopes|hoped|fear|fears|feared|expect|expects|expected|know|knows|knew|"
    "agree|agrees|agreed|argue|worry|worries|worried|doubt|doubts|doubted|recognized|recognised|"
    "acknowledge|insist|warn|claim|predicted|reckons|reckoned|assume|assumed|understands|learned|learnt|"
    "praised|praises|attacked|denounced|denounces|mentioned|discussed|"
    "suggest|confirm|indicate|show|retorted|retorts|quipped|quips|joked|jokes|"
    # Reporting verbs inside an annotated cue at least half the times they occur in PolNeAR train.
    "assured|assures|reminded|reminds|declaring|recalling|acknowledging|shouted|signaled|signalled|disclosed|"
    "emailed|cautioned|cautions|cautioning|alleging|hinted|hints|surmised|speculated|speculates|"
    # Implying and guessing report content too; "shot back" and "fired back" are said in reply. ("snapped" is
    # not: "snapped a losing streak".)
    "implied|implies|implying|imply|guessed|guesses|shot back|fired back|hit back|exclaimed|exclaims|yelled|"
    # An answer is said in reply, like "replied": '“Only two,” Bell answers.'; "charged that" accuses.
    "answered|answers|charged|charges|"
    # What a written text says: "the statement read", "the letter reads" (only after a document: _DOCUMENT_BEFORE).
    "read|reads|"
    # Telling again what happened: "“…,” Mr. Ames recounted" (the learnt ranker kept the quotation's close and cue).
    "recounted|recounts|"
    # A court's or an official's ruling that something is so: "a judge ruled that …" (only with "that": "ruled the
    # country" is no report).
    "ruled"
)
_CUE_WORDS = _BASE_CUES + "|" + "|".join(sorted(_ACT_WORDS - set(_BASE_CUES.split("|")), key=lambda w: (-len(w), w)))
# Attitudes whose clause may come without "that" ("worries Sanders would lose"), when one follows.
_HOPES = frozenset(
    "hope hopes hoped fear fears feared worry worries worried doubt doubts doubted expect expects".split()
)
_CLAUSE_START = re.compile(
    r"(?:he|she|they|it|we|I|you|there|this|these|those|the|a|an|his|her|their|its|our|[A-Z][\w’'.-]*)\s+"
    r"(?:[\w’'.-]+\s+){0,5}?(?:will|would|could|can|may|might|should|must|is|are|was|were|has|have|had|won’t|"
    r"won't|wouldn’t|wouldn't|can’t|can't|isn’t|isn't|doesn’t|doesn't|didn’t|didn't|[a-z]+s|[a-z]+ed)\b"
)
# What polls and studies do: "A new poll shows Smith ahead" reports without "that".
_FINDINGS = frozenset("found finds showed shows show".split())
_DATA_SOURCE = re.compile(
    r"\b(?:polls?|polling|surveys?|study|studies|data|figures|statistics|analysis|analyses|research|report|average|"
    r"reports|results|numbers|records|documents|estimates|projections|census)$",
    re.IGNORECASE,
)
# A poll or a study before its verb, with what qualifies it: "New polls released Sunday", "FEC reports",
# "A survey by the organization in March".
_DATA_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:But|And|So|Yet|Still|However)\s+|\s)(?P<np>(?:(?:the|a|an|new|recent|early|latest|"
    r"several|two|three|county|state|city|federal|official|public|court|tax|exit|(?:19|20)\d\d|[A-Z][\w/.&’'-]*)\s+){0,5}"
    r"(?:polls?|polling|surveys?|study|studies|analysis|data|figures|"
    r"reports?|records|filings|results|footage|average|investigation|research|numbers|tallies|estimates|census))"
    r"(?:\s+(?:of|by|from|in|released|published|conducted|taken|this|last|on)\b[^,;:.“\"]{0,60})?\s*$"
)
# Verbs of belief and knowledge: reported content only when linked ("hopes that ...").
_ATTITUDES = frozenset(
    "hope hopes hoped fear fears feared expect expects expected know knows knew agree agrees agreed worry "
    "worries worried doubt doubts doubted recognized recognised understands learned learnt assume assumed".split()
)
# Cues that report a denial: the claimant asserts the content's negation.
# Ruling something out denies it will happen, whatever its object ("ruled out a snap election").
_RULED_OUT = frozenset({"ruled out", "rules out", "ruling out"})
_DENIALS = frozenset(DENIAL_VERBS) | _RULED_OUT
# What a denial verb denies: "that ...", a gerund ("having any plans"), "claims/reports that ...",
# or a report itself ("the allegations"). Anything else ("denying flu vaccines to immigrants",
# "rejected the bill") is no report: the sentence stays the outlet's, negation and all.
# Where a passive denial's clause ends after its agent: "(… was denied by Andrew), hinting that …".
_AFTER_AGENT = re.compile(r"[,;:]\s|\s[–—-]\s|\s\(")
# Denials that may be passive with their agent: "was denied by Andrew", "is disputed by the company".
_DENIED_BY = frozenset("denied disputed refuted rebutted contested".split())
# What a passive denial's subject may name: a claim or a story, an image of something, a thing said to have happened
# ("A photo of the meeting", "The account", "Any involvement"), not a request ("The request was denied by the court").
_DENIED_SUBJECT = re.compile(
    # (the head of the subject: "The meeting request", "Access to the video" name a request and an access)
    r"^\W*(?:(?:But|And|Yet|However),?\s+)?(?:(?!(?:to|of|for|in|on|at|by|with|from|about)\b)[\w’'-]+\s+){0,3}"
    r"(?:" + DENIED_THINGS + r"|accounts?|versions?|"
    r"photos?|photographs?|pictures?|images?|videos?|footage|existence|meetings?|incidents?|affair|relationship|"
    r"links?|involvement|wrongdoing|role)(?:\s+(?:of|about|that|between|with|in|from)\b[^,;:]{0,80}?)?"
    r"\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:\w+ly\s+)?$"
)
_DENIAL_OBJECT = re.compile(
    r"\s+(?:(?P<link>(?:(?:the|any|all|these|those|such|a|an|his|her|its|their|media|news|earlier|recent|"
    r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}[’'](?:s\b)?)\s+)*"  # (a possessor: "Bernie Sanders’ accusations that")
    r"(?:[a-z-]+\s+)?(?:" + DENIED_THINGS + r")\s+(?:that|of)\b|that\b)"
    r"|(?P<gerund>(?:ever\s+)?[a-z]+ing\b)|(?P<clause>(?:he|she|they|it|we|I|there)\s+[a-z]+\b)"
    r"|(?P<plans>(?:(?:any|the|its|his|her|their)\s+)?(?:plans?|intentions?)\s+to\b)"
    r"|(?P<object>(?:(?:the|any|all|these|those|such|his|her|its|their)\s+)?(?:[a-z-]+\s+)?"
    r"(?:allegations?|claims?|reports?|charges?|accusations?|wrongdoing|involvement|responsibility|suggestions?|"
    r"rumou?rs?|speculation|it|this|that|them)\b(?=\s*(?:[,.;:!?]|$|\s+as\b|\s+(?:on|in|at)\s))))"
)
# What is ruled out: a noun phrase or a clause ("ruled out a snap election", "ruled out that it would sell").
_RULED_OUT_OBJECT = re.compile(r"\s+(?:that\s+|any\s+|an?\s+|the\s+|further\s+|new\s+|[a-z][\w-]*\s+)?[\w“\"‘-]")
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$")
# A report that is itself negated ("did not say that ...", "refused to confirm"): nobody
# claims the content, so the sentence stays whole, the outlet's, with its negation.
_NEGATED_REPORT = re.compile(
    r"(?:(?:^|[,;]\s*)(?i:nobody|no one|none|neither)\s+$"
    # "no group claimed …", "No official said …" (not "No wonder Trump said …")
    r"|(?:^|[,;]\s*|\b(?:and|but|yet)\s+)(?i:no)\s+(?!(?i:wonder|doubt|matter)\b)(?:[\w’'-]+\s+){1,3}$"
    r"|(?:\bnot|n[’']t|\bnever|\bno longer"
    r"|\b(?:refused|refuses|refusing|declined|declines|declining|failed|"
    r"fails)\s+to)\s+(?:\w+ly\s+)?$)"
)
# "Neither Mr Smith nor Ms Jones said ...": a subject of two negated speakers, the cue right after.
_NEITHER_NOR = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|but)\s+)[Nn]either\s+[^,;.“”\"]{1,60}?\s+nor\s+[^,;.“”\"]{1,60}?\s+(?:\w+ly\s+)?$"
)
# The word lists go in as words(...): the same matches, grouped by first letter (patterns.py).
_CUE_ALTERNATIVES = words(_CUE_WORDS)
_CUE = re.compile(
    r"\b(?:"
    + words(
        "has |have |had |is |are |was |were |also |again |repeatedly |previously |later |always |often |"
        "long |once |then |now |still |even |first |further |flatly |flat-out |falsely |wrongly |baselessly |"
        "in the past |seemed to |seems to |appeared to |appears to |went on to |goes on to |did |does "
    )
    # (an adverb before the verb, not a noun in -ly: "Jo Smith's family said" is the family's)
    + r"|(?!(?:family|families|ally|rally|assembly|supply|reply|anomaly|monopoly|homily|bully|tally|daily|"
    r"weekly|monthly|quarterly|bodily)\s)[a-z]{2,}ly )*"
    r"(?P<cue>" + _CUE_ALTERNATIVES + r")\b"
)
# Words that may follow a source's name without being part of it: "according to Jo Ames on Monday", "… who".
_NOT_NOUNS_AFTER = (
    r"(?:of|for|and|or|the|on|in|at|to|from|that|who|which|whose|said|says|told|as|with|by|last|this|when|after|"
    r"before|during|was|is|were|are|has|had|have|but|while|because|earlier|later|since|than)\b"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_ACCORDING = re.compile(
    r"\b[Aa]ccording to (?:(?:the )?(?![A-Z][\w.-]*(?:’s|'s)\s)"
    # (a capitalised run is the source only when no lower-case noun goes on after it: "according to American
    # military officials" is the officials, not "American")
    r"(?P<src>(?>[A-Z][\w’'.-]*(?:\s+(?:(?:of|for|and|the|on(?!\s+" + _WEEKDAY + r"))\s+)?(?!" + _WEEKDAY + r")"
    r"[A-Z][\w’'.-]*)*))(?!\s+(?!" + _NOT_NOUNS_AFTER + r")[a-z])"
    r"|(?P<src2>(?:(?:the|a|an|one|two|three|several|some|his|her|its|their|[A-Z][\w.-]*(?:’s|'s))\s+)?"
    # (a title's abbreviation ends no source: "according to former Sen. Jo Ames")
    # (nor a middle initial: "according to former secretary William J. Bennett", nor an initialism's full stops:
    # "according to F.A.A. records"; a web address's dots end nothing: "according to ouest-france.fr"; a dash ends
    # the source: "according to the company -- opened in May")
    r"(?:\b(?:Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Dr|Mr|Mrs|Ms|Prof|Rev|St|U\.S|U\.N|U\.K)\.|\b[A-Z]\.(?=\s+[A-Z][a-z])"
    r"|\b(?:[A-Z]\.){2,}(?:-(?:[A-Z]\.)+)?|(?<=\w)\.(?=[a-z]{2,}\b)"
    r"|[^,;:.!?“\"()]){1,80}?)"
    r"(?=\s*(?:[,;:!?(]|\.(?![a-z]{2,}\b)|$)|\s+(?:--|—|–)\s))"
)
_OPEN_Q = "‘“\"'«"
_CLOSE_Q = "’”\"'»"
# A quotation: an opening mark not after a word, at least 8 characters, and a closing mark of the
# same kind (double by double, single by single: '"The 'in terrorem' effect is ...," said' is one
# quotation, and "students’ rights" closes nothing) not before a letter or digit ("’08" closes
# nothing). The mark is matched first, so that re jumps to it; the look-behind only tells its kind.
_QUOTE = re.compile(
    r"[‘“\"«'](?<=(?P<o>[“\"«])|[‘'])(?<!\w[‘“\"«'])(?P<c>[^‘“\"«]{8,}?)(?(o)[”\"»]|[’'])(?![A-Za-z0-9])"
)
# After the cue: optional time words, then "that", a colon, or the content itself.
_AFTER_CUE = re.compile(
    r"^(?:\s+(?:on|in|at(?!\s+(?:least|most|all)\b)|last|this|earlier|later)\s+\w+"
    r"(?:\s+(?!(?:the|a|an|he|she|they|it|we|I|his|her|their|its|our|this|these|those)\b)\w+)?(?![\w.]))?"
    r"(?:\s+(?:today|yesterday|tonight|recently|previously|again|repeatedly|publicly|privately))?"
    # "said of the scandal that …": what it was said of, no part of what was said
    r"(?P<said_of>\s+of\s+(?:(?:the|a|an|his|her|their|its)\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?(?=\s+that\b|\s*:))?"
    # "said Monday the victim was ...": the day they said it, no part of what they said
    r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?=\s+(?:that\b|(?!(?:is|was|will|would|has|had|could|should|may|might|marks|marked)\b)[a-zA-Z])"
    r"|,\s+(?:however|though|meanwhile),\s+that\b))?"
    r"(?:\s+(?:to|in)\s+(?:reporters|journalists|the press|a statement|an interview|parliament))?"
    r"(?:\s+(?:reporters|journalists|the press|the BBC|parliament|MPs|lawmakers|Congress|the Senate|"
    r"a press conference|an interviewer|(?:him|her|them|us)))?"
    # "said Monday, however, that …": a connective's aside before the link
    r"(?:,\s+(?:however|though|meanwhile),(?=\s+that\b))?"
    r"\s*(?P<link>:|,?\s*that\b)?\s*"
)
# "told CNN that ...": after these cues a named listener comes before the content.
_AFTER_TOLD = re.compile(
    r"^\s+(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}|reporters|journalists|him|her|them|us|me)"
    r"(?:\s+(?:on|in|at|last|this)\s+\w+)?\s*(?P<link>:|,?\s*that\b)\s*"
)
# "told investors of New Media, the GateHouse parent, on Oct. 31 that ...": a longer listener (no "to", no verb
# of its own), then "that".
_TOLD_LISTENER_THAT = re.compile(
    r"\s+(?:(?!(?:to|that|who|which|and|but|if|because|when|is|are|was|were|has|have|had)\b)[^\s.;:“”\"]+\.?\s+){1,18}?"
    r"(?P<link>that)\b\s*"
)
# "told the AP his firm ...", "told ABC’s “This Week” on Sunday the tone was ...": a listener, then a clause.
_TOLD_CLAUSE = re.compile(
    r"\s+(?:(?:the\s+)?(?:(?:host|anchor|moderator|interviewer|reporter|correspondent|columnist)\s+)?(?:[A-Z][\w.&’'-]*|“[^”]{1,40}”)(?:\s+(?:[A-Z][\w.&’'-]*|“[^”]{1,40}”)){0,4}|reporters|"
    r"journalists|him|her|them|us|me"
    # ("told a news conference they are …": an audience; people told as a body: "told lawmakers it was his duty
    # …", "told the jury the gun was hers")
    r"|(?:an?|the)\s+(?:(?:news|press)\s+conference|rally|briefing|hearing|gathering)"
    r"|(?:the\s+)?(?:lawmakers|legislators|investigators|senators|congressmen|committee|panel|jury|judge|court|"
    r"prosecutors|police|detectives|officials|voters|supporters|crowd|audience|students|listeners|viewers|donors|"
    r"colleagues|staff|employees|workers|members|delegates|MPs))(?:\s+(?:on|in|at|last|this)\s+\w+)?\s+"
    r"(?=(?:he|she|they|it|we|I|you|there|this|these|those|the|a|an|his|her|their|its|our|[A-Z][\w’'.-]*)\s+"
    r"(?:(?:[\w’'.-]+\s+){0,5}?(?:will|would|could|can|may|might|should|must|is|are|was|were|has|have|had|"
    r"[a-z]+[’']s|[a-z]+ed|rose|fell|grew|won|lost|made|took|gave|went|came|knew|saw|left|kept|began|became|ran|"
    r"paid|sold|held|brought|bought|found|felt|thought|meant|got|did|understood|heard|[a-z]+n[’']t)"
    # (a verb in -s after at least one more word: "told me his support for Trump makes him …", not "his plans")
    r"|(?:[\w’'.-]+\s+){1,5}?[a-z]{3,}[^s\W]s)\b"
    # (or right after a pronoun: "told reporters he feels good", "told Fox he’d support her")
    r"|(?:he|she|it)\s+(?:[a-z]+ly\s+)?[a-z]{2,}[^s\W]s\b"
    r"|(?:he|she|it|they|we|I|you)[’'](?:d|ll|s|re|ve|m)\s+[a-z])"
)
# "said in an interview with the Times on Monday that ...", "told a crowded hall in Ohio that ...".
_AFTER_PHRASE = re.compile(
    r"\s+(?:in|on|at|during|after|before|from|via|last|this|earlier|later|late|early|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    # (a programme's quoted title among the words: "said on ABC's “This Week” on Sunday that")
    r"(?:\s+[^\s,.;:“\"”]+(?:\.(?=\s+\w))?|\s+[“\"][^“”\",.;:]{1,40}[”\"]){0,10}?\s*,?\s+(?P<link>that)\b\s*"
)
# "said in a statement to Fox News: “...”": the same phrase, then a colon or comma opening a quotation.
_AFTER_PHRASE_QUOTE = re.compile(
    r"\s+(?:in|on|at|during|after|before|from|via|last|this|earlier|later|late|early|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+[^\s,.;:“\"”]+(?:\.(?=\s+\w))?){0,10}?\s*(?P<quote>[,:])\s*(?=[‘“\"«])"
)
# A sentence opening with its cue, then the speaker and a quotation: 'Said Comey, “…”', 'Added the mayor: “…”'.
_SAID_FIRST = re.compile(
    r"(?:Said|Says|Added|Adds|Wrote|Writes|Asked|Asks|Recalled|Explained)\s+(?P<np>[^,:;“”\"]{2,80}?)\s*[,:]\s*(?=[“\"])"
)
# "As Clinton told the New York Daily News, ...", "As Smith put it in March, ...": the report, then its content.
_AS_SAID = re.compile(
    r"\s*(?:(?:But|And|Yet|So|Still),?\s+)?[Aa]s\s+(?P<np>[^,;:]{1,60}?)\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:said|says|told|tells|wrote|writes|noted|notes|argued|argues|explained|explains|reported|reports|put\s+it|"
    r"pointed\s+out|observed|acknowledged|warned|testified|recalled)"
    r"(?:\s+(?:to\s+|for\s+)?(?:the\s+)?[A-Z][^,;:]{0,50}|\s+(?:in|on|at|last|this|earlier|during)\s[^,;:]{0,50}|"
    r"\s+(?:reporters|journalists|the\s+[a-z]+))?,\s+"
)
# "wrote to Sanders’ Senate office that ...", "said to reporters that ...": a listener, then "that".
_AFTER_TO = re.compile(
    r"\s+to\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:[A-Z][^\s,.;:“\"”]*|reporters|journalists|supporters|"
    r"lawmakers|members|voters|colleagues|staff|employees|donors|investors|followers)(?:\s+[^\s,.;:“\"”]+){0,4}?"
    r"\s*,?\s+(?P<link>that)\b\s*"
)
_AFTER_ANY_THAT = re.compile(r"(?:\s+[^\s,.;:“\"”]+){1,10}?(?:\s+(?P<link>that)\b\s*|\s*(?P<quote>,|:)\s*(?=[‘“\"«]))")
# A headline's "Speaker: what they said".
_HEADLINE = re.compile(r"(?P<src>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]*){0,3}(?:\s+[a-z][\w-]+)?):\s+(?=\S)")
# A source, a colon and a quotation, after a dash or "From" ("– Philip Bump: “...", "From the report: “...").
_COLON_QUOTE = re.compile(
    r"(?:^|\s[-–—]\s+|\b[Ff]rom\s+)(?P<src>the\s+[a-z]+|[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|and|of)){0,4})"
    r":\s*(?=[“\"])"
)
_NAME_COLON_QUOTE = re.compile(r"\s(?P<src>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3}):\s*(?=[“\"])")
# A poll named around its result: "In a Gallup poll released Monday, …", "… in the Harbor average of polls."
_IN_POLL_FIRST = re.compile(
    r"\s*(?:In|According\s+to)\s+(?:a|an|the|its|their)\s+[^,;:“”\"]{0,60}?\b(?:polls?|surveys?|polling\s+average)\b"
    r"[^,;:“”\"]{0,50},\s+"
)
_IN_POLL_LAST = re.compile(
    r",?\s+in\s+(?:a|an|the|its|their)\s+[^,;:“”\"]{0,60}?\b(?:polls?|surveys?|average\s+of\s+[^,;:“”\"]{0,40}polls)\b"
    r"[^,;:“”\"]{0,40}[.!]?\s*$"
)
# A subject, one verb of its own and a colon opening a quotation: "He demurred: “…”", "Clinton shot back: “…”".
_VERB_COLON_QUOTE = re.compile(
    r"(?:^|,\s+)(?:(?:But|And|Then|Later|So),?\s+)?(?P<src>[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})"
    r"\s+(?:[a-z]+ly\s+|then\s+|later\s+|again\s+)?(?:[a-z]{3,}ed|shot\s+back|fired\s+back|hit\s+back|wrote|wrote\s+back)"
    r":\s*(?=[“\"])"
)
# A sentence that is a quotation closed by a comma (or "?", "!") and a speech tag of any verb, nothing after:
# '“France will always be France,” an angry Hollande retaliated.', '“Nothing was stolen,” the mayor sniffed.'
# The cue list cannot hold every verb a writer tags a quotation with; the shape says it is one.
_SPEECH_TAG = re.compile(
    r"[“\"](?P<c>[^“”\"]{8,}?[,?!])[”\"]\s+(?P<np>(?:(?:an?|the)\s+(?:[a-z]+\s+){0,2})?"
    r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|he|she|they|the\s+[a-z]+(?:\s+[a-z]+)?)"
    r"\s+(?:[a-z]+ly\s+)?[a-z]{3,}(?:ed|es|s)(?:\s+(?:back|on|in|up|[a-z]{3,}ly))?(?:[.!]?\s*$|[.!]\s+(?=[“\"]))"
)
# A report linked by "that" ("reiterated that ..."): a quotation after it is part of its content.
_CUE_THAT = re.compile(r"\b(?:" + _CUE_ALTERNATIVES + r")(?:\s+[\w’'-]+){0,2}?\s+that\s")
_QUOTE_GOES_ON = 6  # sentences a quotation may go on after its speaker is named
_LONGEST_ATTRIBUTED = 2000  # characters: a longer "sentence" is one claim by the outlet
# A headline's speaker and whom they address, then a colon: "Obama to GOP: …", "Clinton to Planned Parenthood: …".
_HEADLINE_TO = re.compile(
    r"(?P<src>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,2})\s+to\s+(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,3}"
    r":\s+(?=\S)"
)
_NOT_HEADLINE_SOURCES = frozenset(
    "update updates note watch video photo photos related read more see editor breaking exclusive analysis "
    "opinion correction clarification listen also advertisement live warning caption credit image source "
    "sources transcript full text question answer q a dear".split()
)
_BOUNDARY = re.compile(
    r"(?:,\s|;\s|\s[–—-]\s|(?<!such)(?<!well)\sas\s(?!(?:well|much|many|long|soon|far|a result|part|of)\b)"
    r"|\swhile\s|\sbut\s|\swhen\s|\sdespite\s"
    r"|\sand\s+(?:" + _CUE_ALTERNATIVES + r")\b)"
)
# Where reported content ends: another clause of the reporter's ("..., while critics say"), not
# the content's own commas nor the speaker's own "I think" ("based on an estimated 200,000
# children in custody, the rate is ...").
# Verbs that begin another report after "as/while/because ..." (not "because she wanted ..."; an attitude
# there is the content's own reason).
_REPORT_ALTERNATIVES = words(
    "said|says|say|told|tells|added|adds|wrote|writes|argued|argue|argues|insisted|insists|warned|warn|warns|"
    "explained|explains|acknowledged|admitted|conceded|contended|predicted|suggested|suggests|noted|notes|"
    "stressed|tweeted|declared|replied|responded|testified|asserted|recalled|remarked|observed|countered|"
    "claimed|claims|claim|reported|reports|announced|announces|confirmed|confirms|denied|denies|urged|urges|"
    "pointed|points|charged|charges|maintained|maintains"
)
_CONTENT_ENDS = re.compile(
    r";\s|,\s+(?:while|whereas|although|though|despite|even as|according to)\s"
    # "… would not be sent to fight – but if Americans were targeted, the president warned …": a dash and a
    # contrasting condition open a clause of its own, whose main clause follows it.
    r"|\s[–—-]\s+but\s+(?:if|when|while|unless|once|should)\s[^,;“”\"]{1,120},\s+"
    r"(?:the\s+[a-z]+|[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]*){0,3}|he|she|they)\s+(?:" + _CUE_ALTERNATIVES + r")\b"
    r"|,\s+(?:echoing|citing|referring|pointing|calling|speaking|responding|reacting|arguing|saying|adding|"
    r"noting|insisting|warning|claiming|suggesting|explaining|stressing|acknowledging|conceding)\b"
    # "Jo Ames, who recalled taking the lift up to the suite, said in an interview that …": the relative clause
    # closes, its subject's own verb follows.
    r"|,\s+(?:also\s+|later\s+|then\s+)?(?:said|says|told|tells|added|argued|insisted|noted|wrote|writes)\b"
    # "... and said Manafort was not involved": a second report by the same subject.
    r"|,?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+)?(?:said|says|added|adds|told|argued|insisted|noted|warned|"
    r"reminded|stressed|acknowledged|conceded|suggested|explained|predicted|promised|vowed)\b"
    r"|(?:,|(?<=,[’”\"']))\s+(?:[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]*){0,3}|he|she|they|officials|the \w+)\s+(?:"
    + _CUE_ALTERNATIVES
    + r")\b"
    # "... tanks are being withdrawn as Vladimir Putin insists ...": another report begins.
    r"|,?\s(?:as|while|but|when|and|after|before|because|even as)\s+(?=(?:[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]*){0,3}"
    r"|he|she|they|officials|critics|experts|analysts|(?:the|a|an|his|her|their)\s+[\w-]+(?:\s+[\w-]+)?)\s+"
    r"(?:has\s+|have\s+|had\s+|is\s+|was\s+|also\s+)?(?:" + _REPORT_ALTERNATIVES + r")\b)"
)
# Where an act's object ends: also at another clause joined to it ("vowed to appeal, and her party ...")
# or a participle ("offered a tribute, delivering ..."), or a second act ("called it X and likened it to ...").
_ACT_ENDS = re.compile(
    _CONTENT_ENDS.pattern + r"|,\s+(?:and|but|yet|so|then)\s|,\s+(?!including\b|notably\b)[a-z]+ing\b"
    r"|\s(?:and|but)\s+(?:then\s+)?[a-z]{3,}ed\b"
)
_SUBORDINATE_END = re.compile(r"\b(?:While|Although|Though|As|Because|If|When|Since|Whereas|Unless)\s+$")
_CLAUSE_COMMA = re.compile(r",\s")
# A subordinate clause alone, with no main clause of its own ("As the bill passed", "When the polls closed").
_LONE_SUBORDINATE = re.compile(
    r"\W*(?:As|While|Although|Though|Even\s+though|Whereas|Because|If|When|Whenever|Unless|After|Before|Since|Once|"
    r"Until)\s[^,;:“”\"]*"
)
# A relative clause after a cue's phrase of place or time: "... testified in Salem, where ...", "..., when ...".
_RELATIVE_AFTER = re.compile(r"\s*(?:where|which|who|whom|whose|when)\b")
# A sentence opening with a subordinate clause that is still open (no comma yet) where the cue stands.
_SUBORDINATE_OPENING = re.compile(
    r"\W*(?:While|Although|Though|Even\s+though|Whereas|Because|If|When|Unless)\s[^,;:]*$"
)
# A clause of its own: a subject (a pronoun, a determiner's noun phrase, a plural noun or a name) and, within a few
# words, a finite verb ("he did not have", "analysts were not convinced", "the city borrowed").
_MAIN_CLAUSE = re.compile(
    r"(?:he|she|they|it|we|I|there|the|a|an|this|these|those|his|her|their|its|our|[a-z]+s|[A-Z][\w’'-]*)"
    r"(?:\s+[\w’'-]+){0,3}?\s+(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|might|must|"
    r"should|[a-z]+ed)\b"
)
# A report inside a relative clause set off by commas: "Mr Smith, who denies the accusation, has avoided …".
# The cue stands right after "who" (and an adverb or two); the clause closes at the comma after which the
# sentence's own predicate goes on (an auxiliary or a past tense), and that predicate is the outlet's.
_RELATIVE_REPORT = re.compile(
    r",\s+who\s+(?:(?:also|still|has|have|had|long|repeatedly|always|now)\s+){0,2}$"
    r"|,\s+who\s+[^,;:“”\"]{3,120}?\s+(?:and|but)\s+(?:also\s+)?$"  # ", who endorsed him and said …"
)
_MAIN_PREDICATE = re.compile(
    r"(?:(?:also|now|later|then|still|since|already|never|not|[a-z]{3,}ly)\s+){0,2}"
    r"(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|might|must|should|[a-z]{3,}ed)\b"
)
# A speaker with an apposition between a quotation and the cue.
_APPOSED = re.compile(
    r"(?:[a-z][\w-]*\s+){0,3}(?P<np>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|van|von|al|bin)){0,4})"
    r"(?:(?:,\s+[^,“”\"]{1,90}){1,3},?)?$"
)
_THE_AT_END = re.compile(r"\s*\b[Tt]he$")
# A closing quotation mark, not an apostrophe inside a word ("doesn't").
_CLOSING = re.compile(r"[”»\"]|[’'](?![A-Za-z])")
_CONJUNCTION_FIRST = re.compile(r"^(?:(?:But|And|So|Yet|Still|Indeed|However|Now|Meanwhile|Instead),?\s+)+")
_ABBREVIATION_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|St|Gen|Lt|Col|Prof|[A-Z])\.$")
_TURN = re.compile(r"(?m)^([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,3}):[ \t]")
# "Trump falsely claimed that ...", "repeated his false claim that ...": the outlet has judged it.
_JUDGED_FALSE = re.compile(
    r"(?:\b(?:falsely|wrongly|baselessly|erroneously|incorrectly)\b[^.;:!?]{0,40}"
    r"|\b(?:false|baseless|unfounded|debunked)\s+(?:claims?|assertions?|allegations?)\b[^.;:!?]{0,20})$"
)
# A quotation opened inside a clause: a word right before its opening mark ('The plan has "failed ...').
_CLAUSE_BEFORE_QUOTE = re.compile(r"\w[\w’'%)-]*\s+$")
_QUOTE_MARK = re.compile(r"[“”\"«»]")
# What "maintained" keeps when it reports nothing: "a lead", "his innocence", "close ties".
_KEPT_OBJECT = re.compile(r"\s*(?:a|an|his|her|their|its|our|my|your|close|strong|good)\s")
# Right before a cue word, what makes it a modifier of a noun: a possessive or a determiner.
_MODIFIER_BEFORE = re.compile(r"(?:\w[’']s|\b(?i:the|an?|his|her|its|their|our|my|your))\s+$")
# Reporting verbs that also take a plain object ("announced the deal", "declared the vote void"): a report only
# when a clause follows.
# A written text before "read(s)": the text says what follows ('“…,” the statement read').
_DOCUMENT_BEFORE = re.compile(
    r"\b(?:statements?|letters?|notes?|messages?|posts?|memos?|signs?|captions?|e-?mails?|texts?|tweets?|notices?|"
    r"releases?|banners?|documents?|filings?|complaints?|indictments?|orders?|petitions?|placards?|headlines?)"
    r"(?:\s+(?:from|by|to|of|on|signed\s+by)\s+[^,.;:“”\"]{1,60}?)?\s+$"
)
# A possessor before a cue word makes it a noun ("Smith's calls", "the company's report"); only a participle
# after "'s" is still a verb ("Smith's said", "he's claimed": a contraction of "has").
_POSSESSOR_BEFORE = re.compile(r"(?:\w[’']s|\ws[’'])\s+$")
_PARTICIPLE_FORM = re.compile(r"[a-z]+ed|said|told|written|shown|known|seen|spoken|sworn|taken|given|made|held|thought")
# (also "revealed one of those talks to investigators": what was revealed, no clause, is the act's object)
_OBJECT_CUES = frozenset(
    "announced announces declared declares noted notes revealed reveals disclosed discloses confirmed confirms".split()
)
# What follows a cue when it reports nothing: only when ("announced earlier in 2019", "said on Monday").
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH_NAME = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WHEN_ONLY = re.compile(
    r"\s*(?:(?:earlier|later|previously|recently|again|also|then|once|"
    r"(?:earlier|later)\s+(?:this|that|last|in\s+the)\s+(?:week|month|year|day)|"
    r"(?:last|this|next|that|the\s+(?:same|following|previous))\s+(?:week|month|year|day|spring|summer|fall|autumn|"
    r"winter|night|morning|afternoon|evening|" + _DAY + r")|"
    r"(?:on\s+)?" + _DAY + r"(?:\s+(?:morning|afternoon|evening|night))?|"
    r"(?:(?:earlier|later)\s+)?(?:in|since|by|on)\s+(?:(?:early|mid|late)[\s-]+)?(?:\d{4}|"
    + _MONTH_NAME
    + r"(?:\s+\d{1,2})?"
    r"(?:,?\s+\d{4})?)|yesterday|today|tonight|"
    r"(?:a|an|one|two|three|four|five|several|few|\d+)\s+(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|later))"
    r"[\s,]*)+[.!?]?\s*",
    re.IGNORECASE,
)
# Where the cue's clause ends after only a time: another clause, or a phrase set off by a comma.
_NOTHING_MORE = re.compile(r"(?<=,)\s*(?:and|but|which|while|as|when|where|so|with|after|before)\b|;|\s*[.!?]?\s*$")
# A relative pronoun that is the cue's object: "the lander, which Jo Ames announced in May" (what was announced is
# the lander, named before, no content of its own).
_OBJECT_RELATIVE = re.compile(r"(?:^|[\s,])(?:which|whom)\s+$")
_WHETHER_BEFORE = re.compile(r"\b(?:whether|[Ww]hether)\s+(?:[\w’'.-]+\s+){1,4}$")
_ADJECTIVE_CUES = frozenset("alleged estimated expected reported believed".split())
_COMMA_QUOTE = re.compile(r",\s*(?=[‘“\"«])")
_NP_BEFORE = re.compile(
    r"\b(?P<np>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|van|von|al|bin|(?:on|for|and)(?=\s+[A-Z])"
    r"|(?<=Office )for\s+the(?=\s+[A-Z])))*)\s*$"
)
_ROLE_BEFORE = re.compile(
    r"\b(?P<np>(?:the|a|an|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}"
    r"(?:minister|ministers|president|spokesman|spokeswoman|spokesperson|official|officials|ministry|"
    r"government|department|agency|company|firm|police|army|military|prime minister|secretary|"
    r"chancellor|governor|mayor|senator|senators|lawmakers|leader|leaders|chief|analysts?|experts?|"
    r"researchers?|scientists?|study|report|survey|statement|court|judge|campaign|party|council|"
    r"committee|board|commission|authority|authorities|union|group|regulator|watchdog|charity|"
    r"hospital|university|school|bank|prosecutors?|lawyers?|attorneys?|critics|campaigners|residents|polls?|surveys?|data|"
    r"figures|analysis|research|results|numbers|records|documents|estimates|"
    r"witnesses|sources?|organi[sz]ation|administration|white house|kremlin))\s*$",
    re.IGNORECASE,
)
_PAREN_TAIL = re.compile(r"\s*\([^()]{0,30}\)$")
_TIME_TAIL = re.compile(
    r"\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:last|this|earlier this)\s+"
    r"(?:week|month|year|weekend|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)$"
)
_DASHED_APPOSITION = re.compile(
    r"\b(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:—|–|--)\s+[^—–]{3,100}?\s+(?:—|–|--)$"
    # "A former candidate -- John McCain, who lost in 2008 --": the name inside the dashes.
    r"|(?:—|–|--)\s+(?P<np2>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3}),[^—–]{3,100}?\s+(?:—|–|--)$"
)
_PRONOUN_BEFORE = re.compile(r"\b(?P<np>he|she|they|it|we|i)\s*$", re.IGNORECASE)
_NP_AFTER = re.compile(
    r"^\s*(?P<np>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*|he|she|they|it|we|I)\b"
)
# Lower-case words in a speaker's title: "said former state Gov. and party chairman Ana Ruiz".
_TITLE_WORDS = (
    "former|then|acting|deputy|senior|top|chief|state|federal|local|party|county|city|national|and|of|the|for|"
    "chairman|chairwoman|president|secretary|director|spokesman|spokeswoman|leader|adviser|advisor|official|"
    "minister|governor|mayor|member|executive|head|founder|co-founder|analyst|professor|lawyer|attorney"
)
# A title between a comma and a name: ", Wikileaks founder", ", the state's health secretary".
_TITLE_BEFORE_NAME = re.compile(
    r",(?:\s+(?:the|a|an|former|[A-Z][\w’'.&-]*|[a-z][\w-]*)){0,4}\s+(?:[A-Z][\w’'.&-]*|"
    r"[a-z]+(?:er|or|ist|man|woman|person|ent|ant|ian|ary|ive|ef)|(?:" + _TITLE_WORDS + r"))$"
)
_CLOSE_THEN_CUE = re.compile(
    r"[’”\"'»][,.]?\s+(?:(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
    # "Democratic pollster Peter Fenn said": a qualifier, a role, then the name.
    r"(?:(?:\s+[a-z][\w-]*){1,3}\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3})?|he|she|they|it|we|I|"
    r"the\s+[a-z]+(?:\s+[a-z]+)?)(?:,\s+\d{1,3},)?\s+(?:" + _CUE_ALTERNATIVES + r")|(?:" + _CUE_ALTERNATIVES + r")\s+"
    r"(?P<np2>(?:(?:"
    + _TITLE_WORDS
    + r")\s+)*[A-Z][\w’'.-]*(?:\s+(?:(?:"
    + _TITLE_WORDS
    + r")\s+){0,3}[A-Z][\w’'.-]*)*"
    r"|he|she|they|the\s+[a-z]+))\b"
)
# A quotation's close, then its speaker with an apposition, then the cue ending the sentence:
# '...,” study lead author Jo Ames, a researcher at the institute, told CNN.'
_CLOSE_THEN_APPOSED = re.compile(
    r"[’”\"»],?\s+(?P<np>(?:[a-z][\w-]*\s+){0,4}[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+(?:\d{1,3},\s+)?"
    r"(?:a|an|the|his|her|their|its|who|whose|one|also|now|then|formerly)\s[^“”\"]{3,160}?,\s+"
    r"(?:" + _CUE_ALTERNATIVES + r")(?P<np2>)(?:\s+[^\s,.;:“”\"]+){0,4}[.!?]?\s*$"
)
# A word that only links the content to what came before. Not when it opens a phrase of its own: "Instead of
# telling them ..." (a preposition), "However much ...", "Too many ...", "Though the plan failed, ..." (a
# concession): those keep it, so "though" and "too" go only with a comma after them.
_LEAD_WORD = (
    r"however(?!\s+(?:much|many|long|far|hard|often|little|few|small|large|big)\b)|also|though(?=,)|"
    r"instead(?!\s+of\b)|too(?=,)|moreover|furthermore|additionally|besides(?=,)|in\s+addition(?=,)"
)
_LEAD_WORDS = re.compile(r"(?:(?:" + _LEAD_WORD + r"|that)[,]?\s+)+", re.IGNORECASE)
# At the start of a sentence "That" is a pronoun ("That ends up trapping the air"), no conjunction.
_SENTENCE_LEAD_WORDS = re.compile(r"(?:(?:" + _LEAD_WORD + r")[,]?\s+)+", re.IGNORECASE)
# Cues that need "that", a colon or a quote before their content ("accused X of ...").
_LINKED_ONLY = frozenset(
    {
        "reports",  # "Amazon reports quarterly results on Thursday": a report only with "that" or a clause after
        "accused",
        "accuses",
        "told",
        "tells",
        "warned",
        "warns",
        "telling",
        "warning",
        "boasted",
        "boasts",
        "boasting",
        "complained",
        "complains",
        "responded",
        "replied",
        "answered",
        "answers",
        "charged",
        "charges",
        "testified",
        "found",
        "finds",
        "showed",
        "shows",
        "concluded",
        "concludes",
        "continued",
        "assured",
        "assures",
        "reminded",
        "reminds",
        "signaled",
        "signalled",
        "emailed",
    }
)
_NOT_SPEAKERS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "let’s",
        "let's",
        "tonight",
        "tomorrow",
    ]
)
# A person whose surname is a month's name: "Theresa May", "Yin Myint May" ("early May", "Last June" are times).
_MONTH_SURNAME = re.compile(
    r"(?!(?:Early|Late|Mid|Last|Next|This|In|On|By|Since|Until|Through|Before|After|From|Of)\s)"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s+(?:May|June|April|August)"
)
# Named days: when, never who ("Election Day"; "Kristen Day" is a person).
_HOLIDAY = re.compile(
    r"\b(?:Election|Inauguration|Independence|Memorial|Labor|Labour|Veterans|Christmas|Thanksgiving|Boxing|"
    r"Primary|Polling|Super Tuesday|New Year[’']s|Valentine[’']s|Mother[’']s|Father[’']s)\s+Day$|^Super Tuesday$"
    r"|^(?:Last|This|Next|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Election)\s+"
    r"(?:night|morning|afternoon|evening|week|weekend|month|year)$"
)
_SPEAKER_ONLY = re.compile(
    r"^(?:(?:[A-Z][\w’'.-]*|of|the)(?:\s+(?:[A-Z][\w’'.-]*|of|the))*|he|she|they|it|we|I|"
    r"(?:the|a)\s+[a-z]+(?:\s+[a-z]+)?|(?:the|a|an|one|two|three|several|some)\s+(?:[\w’'.&-]+\s+){0,3}[a-z][\w-]*|"
    # "his childhood friend", "her longtime aide": a relation of the person the article is about
    r"(?:his|her|their)\s+(?:[a-z-]+\s+){0,2}[a-z][\w-]*|"
    # "Russia's foreign ministry", "the company's chief executive": a possessor and a role
    r"(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,2}[\w.-]+[’']s\s+(?:[a-z-]+\s+){0,2}[a-z][\w-]*)$"
)
# Words a speaker phrase without a capital ("officials", "one source", "the actress") never holds.
_NOT_IN_SUBJECT = frozenset(
    "is are was were be been being am has have had do does did will would can could should may might must "
    "not no never nobody nothing none to that which who whom whose what when where why how if as because "
    "although though while but or nor so than then there here it this he she they we i you him "
    "them us me my your our it's what's said says say told asked also just only even still all".split()
)
_PREPOSITIONS = frozenset(
    "in on at for with from by about into over under after before during against between through "
    "since until within without across like beneath behind beside besides beyond despite toward towards amid "
    "among alongside unlike via upon throughout underneath".split()
)
_SUBJECT_BEFORE = re.compile(r"(?:^|[,;:]\s+|\s[–—―-]\s+|[“\"(]\s*)(?P<np>(?:[\w’'.&-]+\s+){0,9}[\w’'.&-]+)\s*$")
_DETERMINED_BEFORE = re.compile(
    r"\b(?P<np>(?:the|a|an|one|two|three|some|many|several|[0-9]+)\s+(?:[\w’'.-]+\s+){0,3}[\w’'.-]+),?\s*$",
    re.IGNORECASE,
)
# Reports that may follow another verb of the same subject: "The city runs its own monitor and reported ...".
_COORDINATED_REPORTS = frozenset("reported announced confirmed revealed disclosed published released".split())
# A cue's object that is a thing the subject has, not what it said: "maintains its own monitor and reported
# ...", "keeps their records and published ...". (The coordinated report after it is the claim.)
_POSSESSED_OBJECT = re.compile(
    r"\s*(?:its|their|his|her|our|my|your)\s+(?:own\b|(?:[\w’'-]+\s+){1,5}and\s+(?:"
    + "|".join(sorted(_COORDINATED_REPORTS))
    + r")\b)"
)
_SUBJECT_START = re.compile(
    r"\s*(?:(?:But|And|So|Yet|Still|However|Meanwhile|Then|Now|Instead),?\s+)?(?:even\s+)?"
    r"(?P<np>(?:The|A|An|One|(?<=\s)(?:the|a|an|other|some|many|several|most))\s+(?:[\w’'.-]+\s+){0,7}?[\w’'.-]+"
    r"(?=\s+(?:has|have|had|is|was|were|also|later|"
    r"did|does|will|would|could|can|cannot|should|"
    r"then|again|quickly|immediately|(?![a-z]*eed\b)[a-z]{3,}ed|runs|keeps|uses|operates|maintains|publishes|"
    # irregular pasts: "The president left no doubt ..., saying ..."
    r"left|made|took|gave|went|came|met|spoke|wrote|sent|held|kept|ran|won|lost|drew|put|set|struck|stood|"
    r"brought|sought|thought|told|built|began|became|got|found|heard|led|paid|saw|spent|threw|hit|shot|fired|"
    r"broke|chose|fought|laid|read|rose|sat|sold|took|tore|wore|withdrew|shook|swept)\b)|(?:He|She|They|We|I)\b|"
    r"(?<=,\s)(?:he|she|they)(?=\s+[a-z])|"
    r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|van|von|al|bin|for|the))*(?=\s+[a-z]))"
)
# A time opening a sentence before its subject: "Eight years ago, he ...", "Last week, the mayor ...".
_OPENING_TIME = re.compile(
    r"\s*(?:(?:But|And|So|Yet|Then),?\s+)?"
    r"(?:(?:[A-Z][\w-]*\s+|(?<=\s)[a-z][\w-]*\s+)(?:[\w-]+\s+)?(?:years?|months?|weeks?|days?|hours?|decades?)\s+"
    r"(?:ago|earlier|later)|"
    r"(?:The\s+(?:next|following|same|previous)\s+(?:day|week|month|year|morning|evening|night)|"
    r"(?:A|One)\s+(?:day|week|month|year)\s+(?:later|earlier))|"
    r"(?:Last|This|Earlier|Later|Next)\s+(?:week|month|year|spring|summer|fall|autumn|winter|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|Earlier|Later|Yesterday|Today|On\s+[A-Z][a-z]+(?:\s+\d+)?|"
    r"In\s+(?:\d{4}|[A-Z][a-z]+(?:\s+\d{4})?))\s*,\s+"
)
# A phrase of place or circumstance opening a sentence before its subject: "Speaking at a town hall in Salem, ",
# "In Washington, ", "After the vote, ".
_OPENING_PHRASE = re.compile(
    r"\s*(?:(?:But|And|So|Yet),?\s+)?"
    # (a participle, not a name in -ing: "Boeing CEO …", "Beijing has …")
    r"(?:(?!(?:Beijing|Boeing|Reading|Sterling|Irving|Kipling|Nanjing|Chongqing|Harding|Ewing|Fleming|Browning|"
    r"Spalding|Golding|Hastings|Jennings|Billings|Dowling|Cushing|Gehring|Epping|Woking|Ealing|Kettering)\b)"
    r"[A-Z][a-z]+ing(?=\s+(?:[a-z]|" + _WEEKDAY + r"))|Asked|Pressed|In|At|On|After|Before|During|For|"
    r"Since|Over|Throughout|Until|Despite|Amid|Within)"
    # (a place with its state, a time after it: "At a campaign event in Ames, Iowa, on Sunday, ")
    r"\s(?:[^,;:“”\"]{1,80},\s+){1,3}(?=[A-Z]|(?:he|she|they|the|a|an)\s)"
    r"|\s*(?:Here|There)(?:\s+(?:in|at|on)\s[^,;:“”\"]{1,60})?,\s+(?=\S)"
    # an adverb and its comma: "Shortly after, some of his defenders ...", "Meanwhile, ..."
    r"|\s*(?:[A-Z][a-z]+ly|Meanwhile|Separately|Later|Earlier|Afterwards|However)"
    r"(?:\s+(?:after|afterwards|before|later|thereafter|then))?,\s+(?=\S)"
)
_PARTICIPLES = frozenset(
    "saying telling adding noting arguing insisting claiming warning explaining suggesting writing tweeting stating "
    "announcing confirming admitting acknowledging asserting contending declaring predicting stressing".split()
) | {w for w in _ACT_WORDS if w.endswith("ing")}
# A cue in -ing after "is/are/was/were" ("is suggesting that …", "are predicting …") is the verb of its clause, as
# its past is: the rules read it as that past form (the participle "…, suggesting that …" goes on as a participle).
_PROGRESSIVE_AUX = re.compile(r"\b(?:is|are|was|were)\s")
_IRREGULAR_PROGRESSIVE = {"saying": "said", "telling": "told", "writing": "wrote", "thinking": "thought"}


def _past_of(participle: str, verbs: frozenset[str]) -> str:
    stem = participle[:-3]
    for past in (_IRREGULAR_PROGRESSIVE.get(participle, ""), stem + "ed", stem + "d", stem[:-1] + "ied"):
        if past in verbs:
            return past
    return ""


_ALL_CUES = frozenset(_CUE_WORDS.split("|"))
# (not "is echoing across the city", "is calling its product the Model Z": no report in the progressive)
_PROGRESSIVE_AS = {
    w: _past_of(w, _ALL_CUES)
    for w in _ALL_CUES
    if w.endswith("ing") and _past_of(w, _ALL_CUES) and w not in ("echoing", "calling", "adding")
}
# Subjects an act is never given to: the narrator, the reader.
_NO_ACTORS = frozenset("i we you".split())
# Acts whose claims cover an annotated content less often, taken only from a subject opening the
# sentence ("Jo Smith praised the levy on Monday."), where they do at least 60% of the time on train
# ("endorsed", "blasted", "slammed", "threatened", "opposed", "backed", "repeated" did not).
_OPENING_ACTS = frozenset("praised praises attacked denounced denounces mentioned discussed".split())
# Acts that also report a clause ("insisted she had never ..."): then the content is the clause.
_REPORTS = _ACT_WORDS & frozenset(_BASE_CUES.split("|"))
_PRONOUN_CLAUSE = re.compile(r"\s+(?:he|she|they|it|we|I|you|there)\s+\w")
# After an act, a link to reported content: "vowed that ...", "promised: '...'" are reports (3. below).
# An object taken as proof of a clause: "(cited) the backlash as proof that …", "(pointed to) the vote as a sign that".
_AS_PROOF_THAT = re.compile(
    r"\s+(?:to\s+)?[^,;:“”\"]{1,80}?\s+as\s+(?:(?:further|more|clear|new)\s+)?(?:proof|evidence|an?\s+sign|signs|"
    r"an?\s+indication|vindication|confirmation)\s+that\s+"
)
_ACT_LINKED = re.compile(r"\s*(?:,?\s*that\b|:|,?\s*[‘“\"«])")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?\w+ed$")
# The speaker after a cue: "..., said former Obama adviser David Axelrod", "said one source who ...".
_SPEAKER_AFTER = re.compile(
    r"\s+(?!(?:in|on|at|to|that|this|last|next|during|after|before|with|for|by|from|earlier|later|"
    r"it|he|she|they|we|I|you|so|and|but|yes|no|not|nothing)\b)"
    r"(?P<np>(?:(?!(?:when|while|who|whose|which)\s)[\w’'.&-]+\s+){0,9}?(?![A-Z]\.\s)[A-Z][\w’'.-]*|(?:[\w’'.&-]+\s+){0,5}?(?:[a-z]|\d+-)[\w-]*)"
    r"(?=\s*(?:[,.;:!?(]|$)|\s+(?:who|whose|which|in|at|on|of|after|before|during|from|to|when|while)\b)"
)
# After "X, he said," a clause of its own, not the rest of the content.
_THEN_CLAUSE = re.compile(
    r"\s*(?:while|whereas|but|and|as|because|although|though|despite|even|since|so|yet|or|when|after|"
    r"before|if|unless|adding|saying|noting|citing|arguing|referring|according|in|at|on|with|without)\b",
    re.IGNORECASE,
)
# A role's "to" inside a speaker phrase: "an aide to the senator", "a former adviser to President Jo Smith".
_ROLE_TO = re.compile(
    r"\b(?:aides?|advis[eo]rs?|assistants?|counsel(?:l?ors?)?|ambassadors?|envoys?|consultants?|"
    r"spokes(?:man|woman|person)|successors?|heirs?|delegates?|nominees?|close)\s+to\b"
)
# A speaker that ends the sentence may still be followed by "who/of/in ...".
_SPEAKER_TAIL = re.compile(r"\s+(?:who|whose|of|in|at|on|from|for|when|while)\b[^,;]{0,120}[.!?]?[\"”’]?\s*$")
# Reporting verbs that are no noun either ("states", "claims", "reports" are): a speaker
# phrase without a capital ("officials said") or after the verb (", said Jo Smith") is only
# taken with these.
_SAY_VERBS = frozenset(
    "said says say told tells added adds wrote writes argued argue argues insisted insist insists warned "
    "warn explained explain explains acknowledged admitted conceded contended predicted predict "
    "suggested suggest suggests noted stressed tweeted declared replied responded testified believe "
    "believes believed estimated estimate asserted recalled remarked observed countered alleged alleges "
    "think thinks".split()
)
# Reporting verbs that are nouns too ("claims", "reports", "states"): a lower-case speaker is taken with them only
# when a clause follows.
_CLAUSE_TAKING = frozenset(
    "claim claims claimed report reports reported state states stated announce announces announced admit admits "
    "maintain maintains maintained allege found find finds show shows showed shown concluded conclude concludes "
    "confirm confirms confirmed".split()
)
# A clause right after the verb, with no "that": a subject (a pronoun, a determiner's noun phrase) and its verb.
_THAT_CLAUSE_BARE = re.compile(
    r"\s+(?:he|she|they|it|we|I|there|the|a|an|this|these|those|his|her|their|its|our)\b"
    r"(?:\s+[\w’'-]+){0,4}?\s+(?:is|are|was|were|has|have|had|will|would|can|could|did|does|may|might|must|"
    r"should|[a-z]+ed)\b"
)
# A clause that goes on from a subject before "he said,": "... , is that ...", "has grown".
_PREDICATE = re.compile(
    r"\s*(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do|"
    r"remains?|seems?|[a-z]+(?:ed|es))\b"
)
# A finite verb: a clause before "X said," that has one is whole, not a subject waiting for its predicate.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must|does|did|do|"
    r"isn’t|isn't|wasn’t|wasn't|[a-z]+ed|[a-z]+n[’']t)\b|[’']s\s+(?:been|not|a|an|the|[a-z]+ing)\b"
)
_BETWEEN = " ,'\"’”»"
# What may follow a sentence-final cue: "..., officials told POLITICO on Monday."
_CUE_TAIL = re.compile(
    r"\s*(?:(?:to\s+)?(?:[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}|reporters|journalists|the press|"
    r"him|her|them|us|me|(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+)?)\b\s*)?"
    r"(?:(?:on|in|at|during|last|this|earlier|later|after|before|from|via|with)\b\s+[^,.;:!?“\"]{0,50}"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)\b\s*)?"
    r"(?:[,.;:!?]|$)"
)
# Capital first, so that re jumps to the candidates: the same matches as
# \b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|de|van|von|al|bin))*\s[A-Z][a-z’'-]+\b
_NAME = re.compile(
    r"[A-Z](?<!\w[A-Z])[a-z]+(?:[ -](?:[A-Z][a-z]+|de|van|von|al|bin))*\s"
    # (a title's abbreviation ends no name: "Despite Mr. Trump’s ...")
    r"(?!(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Prof|Sgt|Capt|Rev)\.)[A-Z][a-z’'-]+\b"
)

TITLES = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "general",
        "secretary-general",
        "foreign",
        "defence",
        "defense",
        "home",
        "health",
        "finance",
        "interior",
        "deputy",
        "chief",
        "executive",
        "spokesman",
        "spokeswoman",
        "chancellor",
        "senator",
        "sen",
        "rep",
        "governor",
        "gov",
        "lt",
        "mayor",
        "ambassador",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "professor",
        "prof",
        "gen",
        "admiral",
        "colonel",
        "col",
        "captain",
        "capt",
        "lieutenant",
        "sergeant",
        "commander",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "speaker",
        "judge",
        "justice",
        "attorney",
        "state",
        "us",
        "u.s",
        "uk",
        "british",
        "american",
        "russian",
        "ukrainian",
        "german",
        "french",
        "chinese",
        "european",
        "nato",
        "eu",
        "un",
        "former",
        "acting",
        "premier",
        "lord",
        "lady",
        "sir",
        "dame",
        "officer",
        "analyst",
        "the",
        "of",
    ]
)
_LEADING_WORDS = frozenset(
    "and but so then also meanwhile however yet now as when while because if after before since though although "
    "unlike like in on at for with from by about into during against maybe perhaps".split()
)
# Words naming a position: what follows them is the person.
_RANKS = frozenset(
    [
        "president",
        "minister",
        "secretary",
        "secretary-general",
        "spokesman",
        "spokeswoman",
        "chancellor",
        "senator",
        "sen",
        "governor",
        "gov",
        "mayor",
        "ambassador",
        "king",
        "queen",
        "pope",
        "professor",
        "prof",
        "general",
        "gen",
        "admiral",
        "colonel",
        "captain",
        "commander",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "speaker",
        "judge",
        "justice",
        "premier",
        "officer",
        "dr",
        "mr",
        "mrs",
        "ms",
        "sir",
        "dame",
        "lord",
        "lady",
        # offices of a county, a city, a school, a church, a force: "County Recorder Helen Purcell"
        "recorder",
        "clerk",
        "treasurer",
        "auditor",
        "comptroller",
        "sheriff",
        "superintendent",
        "councilman",
        "councilwoman",
        "councillor",
        "councilor",
        "alderman",
        "assemblyman",
        "assemblywoman",
        "congressman",
        "congresswoman",
        "dean",
        "provost",
        "rabbi",
        "bishop",
        "archbishop",
        "pastor",
        "reverend",
        "rev",
        "coach",
        "sgt",
        "sergeant",
        "lt",
        "lieutenant",
        "detective",
        "ceo",
        # heads and officers of agencies, firms and commissions: "NASA Administrator Jo Ames", "Trade Commissioner
        # Jo Ames", "Acme Chief Executive Jo Ames", "National Security Adviser Jo Ames", "Special Envoy Jo Ames"
        "administrator",
        "commissioner",
        "chief",
        "chairperson",
        "spokesperson",
        "counsel",
        "adviser",
        "advisor",
        "envoy",
        "marshal",
    ]
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_GENERATIONS = frozenset({"Jr", "Sr", "II", "III", "IV"})  # after a surname: no surname of their own
# Companies named "General …": "General" there is no title.
_GENERAL_COMPANIES = frozenset("Motors Electric Mills Dynamics Atomics Assembly Accounting Hospital Services".split())
_ORG_HINTS = re.compile(
    r"\b(?:Ministry|Department|Government|Kremlin|White House|NATO|EU|UN|Office|Agency|Council|"
    r"Commission|Party|Bank|Police|Army|Court|Parliament|Congress|Senate|Institute|University|"
    r"Company|Inc|Ltd|Group|Association|Union|Organization|Organisation|Moscow|Washington|Beijing|"
    r"Authority|Authorities|Administration|Bureau|Corporation|Corp|Foundation|Committee|Prosecution|Embassy|"
    r"Airlines?|Airways|Holdings|General\s+(?:" + "|".join(sorted(_GENERAL_COMPANIES)) + r")|"
    r"Kyiv|Kiev|London|Brussels|Russia|Ukraine|China|Britain|America|France|Germany)\b"
)


# Auxiliaries opening a question, never a first name ("Will", "Can" and "May" may be one).
_QUESTION_OPENERS = frozenset("does do did is are was were could would should has have had must shall".split())
# A capitalised sequence opened by a number or a determiner is a name of something ("One Home Depot", the
# retailer's strategy; "Our Lady"), never the full name that a shorter mention ("Home Depot") stands for.
_NOT_A_FIRST_NAME = (
    frozenset(
        "one two three four five our their its his her this that these those every each no".split()
        # a cue opening the sentence before the name: "Said Comey, …"
        + "said says added adds wrote writes asked asks recalled explained".split()
    )
    # a question's auxiliary: "Is Ruiz ready?" names "Ruiz", not "Is Ruiz"
    | _QUESTION_OPENERS
)


# A name with middle initials: "Harry M. Reid", "James P. Kennedy Jr.".
_INITIALED_NAME = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:\s+[A-Z]\.)+\s+[A-Z][a-z’'-]+(?:\s+(?:Jr|Sr|II|III|IV)\b\.?)?")


# A name that is the whole of a quotation: an opening quote, capitalised words, a closing quote (after a comma).
_QUOTED_WHOLE = re.compile(r"[“‘\"']+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*,?[”’\"']+(?!\w)")
# What puts a phrase in quotes as a name: 'their location as “Wilayat Twitter,”', 'a group called “Free Ohio”'.
_NAMING_BEFORE = re.compile(r"\b(?:as|called|dubbed|named|nicknamed|or|known as|the)\s+[“‘\"']+$")


class _Names:
    """Full names in the article, to expand "Biden" into "Joe Biden"."""

    def __init__(self, text: str) -> None:
        self.by_last: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        self.titles: dict[str, set[str]] = {}  # name -> every rank the article gives it
        self.by_first: dict[str, str] = {}  # "Hillary" -> "Hillary Clinton", when one person has that first name
        # (a title-case headline's verb ends a name: "Francois Hollande Says Donald Trump …" names two people)
        # (only in title-case lines: "Edward Said argued …" keeps his name)
        scan = "\n".join(_lower_headline(line) for line in text.split("\n")) if _TITLE_CASE_CUE.search(text) else text
        for match in _NAME.finditer(scan):
            if (
                match.start()
                and _QUOTED_WHOLE.match(scan, match.start() - 1)
                and _NAMING_BEFORE.search(scan, max(0, match.start() - 30), match.start())
            ):
                continue  # 'put the location as “Wilayat Twitter,”': a quoted phrase, nobody's full name
            name = _strip_titles(match.group(0))
            where = _RANK_WHERE.search(text, max(0, match.start() - 40), match.start()) is not None
            if where or _PLACE.search(name) or _ORG_HINTS.search(name):
                # "(ambassador to) United Nations Linda Thomas": the person after the place
                name = _person_tail(name, where=where) or name
            parts = name.split()
            if parts and parts[-1].lower() in _OFFICES:
                continue  # "United Nations High Commissioner": an office, nobody's name
            if len(parts) >= 2 and not _ORG_HINTS.search(name) and parts[0].lower() not in _NOT_A_FIRST_NAME:
                if parts[-1].lower() not in PRONOUNS:
                    self.by_last.setdefault(parts[-1], name)  # (not "He": "Liu He" is never every "He ...")
                if len(parts) >= 3 and parts[-1].rstrip(".") in _GENERATIONS:
                    self.by_last.setdefault(parts[-2], name)  # "James P. Kennedy Jr": "Kennedy" is him
                if parts[0] in _ONE_NAME_TITLES:
                    pass  # "Prince Andrew": "Prince" is no first name
                elif self.by_first.setdefault(parts[0], name) != name and not name.startswith(self.by_first[parts[0]]):
                    self.by_first[parts[0]] = ""  # two people share it: it names neither
                title = _title_of(match.group(0))
                if title:
                    self.by_title.setdefault(title, name)
                    self.titles.setdefault(name, set()).add(title)

        for match in _INITIALED_NAME.finditer(text):
            # "Harry M. Reid", "James P. Kennedy Jr.": _NAME stops at the initial; "Reid" later is still him.
            name = _strip_titles(match.group(0).rstrip("."))
            parts = name.split()
            if len(parts) >= 3 and not _ORG_HINTS.search(name) and parts[0].lower() not in _NOT_A_FIRST_NAME:
                last = parts[-2] if parts[-1].rstrip(".") in _GENERATIONS else parts[-1]
                self.by_last.setdefault(last, name)

    def full(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1 and parts[0] in self.by_last:
            return self.by_last[parts[0]]
        if len(parts) >= 2 and parts[-1] in self.by_last and self.by_last[parts[-1]].endswith(name):
            return self.by_last[parts[-1]]
        return name


# The head of an institution's name: the words before it ("British Foreign", "Defence") are its name, no titles.
_INSTITUTION_HEADS = frozenset(
    "Office Ministry Department Government Agency Council Commission Party Bank Police Army Court Parliament "
    "Institute University Company Group Association Union Organization Organisation Service Committee Authority "
    "Board Bureau Administration Secretariat Embassy Command".split()
)


# Title words that make a title only before another one ("Home Secretary", "Vice President", "Chief Justice").
_TITLE_MODIFIERS = frozenset("vice prime foreign defence defense home health finance interior deputy chief".split())
_NATIONAL = frozenset("us u.s uk eu un nato british american russian ukrainian german french chinese european".split())


_INITIAL = re.compile(r"[A-Z]\.")
# Occupations written before a name like a title ("Guitarist Jo Ames", "novelist Ann Lee").
_OCCUPATIONS = frozenset(
    "guitarist singer songwriter singer-songwriter drummer bassist pianist violinist musician rapper actor actress "
    "comedian author writer novelist poet playwright filmmaker director producer composer artist painter sculptor "
    "photographer journalist reporter columnist editor broadcaster presenter host anchor commentator blogger "
    "economist historian analyst researcher scientist physicist chemist biologist epidemiologist virologist "
    "psychologist sociologist lawyer attorney activist campaigner entrepreneur investor billionaire businessman "
    "businesswoman chef designer architect astronaut pollster strategist consultant coach striker midfielder "
    "defender goalkeeper quarterback pitcher footballer cricketer batsman boxer golfer swimmer sprinter "
    "cyclist skier climber rabbi pastor priest imam bishop archbishop cardinal".split()
)


# Titles of people known by one name: "Prince Andrew", "Pope Francis", "King Abdullah" keep the title, else the
# name is one word, like a surname nobody can be told apart by ("Andrew" is no person to track).
_ONE_NAME_TITLES = frozenset("King Queen Prince Princess Pope Sheikh Emir Sultan Emperor Empress Duke Duchess".split())
_MALE_TITLES = frozenset("King Prince Pope Sheikh Emir Sultan Emperor Duke Sir Lord Mr Mr.".split())
_FEMALE_TITLES = frozenset("Queen Princess Empress Duchess Dame Lady Mrs Mrs. Ms Ms. Miss".split())


def _titled_other_gender(person: str, pronoun: str) -> bool:
    """Whether a person's title says they are not whom ``pronoun`` ("he"/"she") means: "Prince Andrew" for "she"."""
    first = person.split(None, 1)[0] if person else ""
    return first in (_MALE_TITLES if pronoun == "she" else _FEMALE_TITLES)


_NAME_LIKE_RANKS = frozenset("Dean Pastor Bishop Coach Rabbi Provost".split())
# Ranks that end an office's name and never a person's ("High Commissioner", "Foreign Secretary"; not "King",
# "Judge", "Bishop", which are surnames too).
_OFFICES = frozenset(
    "commissioner administrator secretary secretary-general minister president director chairman chairwoman "
    "chairperson spokesperson spokesman spokeswoman ambassador envoy governor mayor senator chancellor "
    "superintendent treasurer comptroller".split()
)


@lru_cache(maxsize=4096)
def _strip_titles(np: str) -> str:
    """ "And NATO Secretary-General Jens Stoltenberg" → "Jens Stoltenberg"."""
    # A possessive goes with a title ("NATO's chief Jens Stoltenberg") but stays in an
    # organisation's name as the article qualifies it ("China's CDC").
    words = np.split()
    while words and words[0].lower() in _LEADING_WORDS:
        words.pop(0)
    plain = [w.replace("’s", "").replace("'s", "") for w in words]
    titled = [
        i
        for i, w in enumerate(plain[:-1])
        if w.lower().rstrip(".") in _RANKS
        # "Dean Baquet", "Pastor Maldonado": a first name, unless a whole name follows ("Coach P.J. Fleck")
        and not (w in _NAME_LIKE_RANKS and len(plain) - i - 1 < 2)
        # "Acme's chief executive": a rank before more of the rank, no name after it
        and any(x[:1].isupper() for x in plain[i + 1 :])
        # "General Motors", "General Electric": a company's name, no rank
        and not (w == "General" and plain[i + 1] in _GENERAL_COMPANIES)
    ]
    if titled and len(words) - titled[-1] - 1 >= 1:
        words = plain[titled[-1] + 1 :]
        if words[0] in ("to", "for", "in", "at", "of") and words[-1][:1].isupper():
            # "China's ambassador to Britain Liu Wei": where the rank is held, then the person.
            words = (_person_tail(" ".join(words), where=True) or " ".join(words)).split()
        if words[0] in ("to", "for", "in", "at", "of"):
            return np  # "China’s ambassador to Britain", no name after it: the rank and where it is held
    elif words:
        words[-1] = plain[-1]
    if len(words) >= 3 and words[0].lower() in _OCCUPATIONS and all(w[:1].isupper() for w in words[1:]):
        words = words[1:]  # "Guitarist Jo Ames": an occupation before the name is no part of it
    institution = bool(words) and words[-1] in _INSTITUTION_HEADS  # "British Foreign Office" keeps its words
    while (
        len(words) > 1
        and not institution
        and (words[0].lower().rstrip(".") in TITLES or (words[0].isupper() and len(words) > 2))
    ):
        if all(w.islower() for w in words[1:]) and words[0].lower().rstrip(".") in _NATIONAL:
            break  # "US officials", "American military officials": the country qualifies a group, no title
        if words[0].lower() in _TITLE_MODIFIERS and words[1].lower().rstrip(".") not in TITLES:
            break  # "Home Secretary Jo Smith" loses its title; "Home Depot" and "Health Canada" are names
        if words[0] == "General" and words[1] in _GENERAL_COMPANIES:
            break  # "General Motors": a company's name, no rank
        words.pop(0)
    while words and words[-1].lower() in ("the", "of"):
        words.pop()
    if len(words) == 1 and len(plain) >= 2 and plain[-2] in _ONE_NAME_TITLES and plain[-1] == words[0]:
        return f"{plain[-2]} {words[0]}"  # "Prince Andrew", "Pope Francis": one name, known by its title
    return " ".join(words)


def _title_of(np: str) -> str:
    """The rank in a speaker phrase ("President Joe Biden" → "president"), or ""."""
    ranks = [w.lower().rstrip(".") for w in np.split() if w.lower().rstrip(".") in _RANKS]
    return ranks[-1] if ranks else ""


# Names of places, never a person ("Inner Mongolia", "South Carolina", "Hubei Province", "Los Angeles"):
# a compass or place word first, or a place noun anywhere.
_PLACE = re.compile(
    r"^(?:Inner|Outer|Upper|Lower|North|South|East|West|Northern|Southern|Eastern|Western|Central|New|San|"
    r"Santa|Los|Las|Sri|Costa|Puerto|Saudi|United|Greater|Mount|Lake|Port|Fort)\s"
    r"|\b(?:Province|Region|Republic|Kingdom|County|City|State|Island|Islands|Mountains?|River|Valley|Bay|Sea|"
    r"Ocean|Coast|Peninsula|Desert|Street|Avenue|Square|Airport|Hospital|Prefecture|Oblast|District|Territory|"
    r"Beach|Strait|Gulf|Highlands|Plains|Arabia|Zealand|Africa|Korea|Lanka|Rica|Rico|Kong|America|"
    r"Carolina|Dakota|Virginia|Jersey|Hampshire|Mexico|York|Angeles|Francisco|Vegas|Mongolia|Guinea|Leone|"
    r"Emirates|Columbia|Delhi|Aires|Janeiro|Paulo)$"
)


# A name ending in one of these is a news outlet or agency ("Associated Press", "Fox News"), never a person.
_PRESS = re.compile(r"\b(?:Press|Presse|News|Times|Journal|Tribune|Herald|Gazette|Magazine|Reuters|Newsweek)$")


def is_person(name: str) -> bool:
    """Two to four capitalised words and nothing that names an institution, a place or the press."""
    parts = name.split()
    return (
        2 <= len(parts) <= 4
        and not _ORG_HINTS.search(name)
        and all(p[:1].isupper() for p in parts)
        and not _PLACE.search(name)
        and not _PRESS.search(name)
    )


# A name ending in a group's plural or a day is nobody "he" or "she" means: "Gerald Ford-Rockefeller Republicans",
# "Iowa Democrats", "Super Tuesday", "Election Day".
_NO_PERSON_END = re.compile(
    r"\b(?:Republicans|Democrats|Americans|Independents|Conservatives|Liberals|Progressives|Evangelicals|Voters|"
    r"(?:Election|Labor|Memorial|Independence|Veterans|Christmas|Primary)\s+Day|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


# Evidence named by who made it public: "Images put out by the Russian ministry of defence".
_MADE_BY = re.compile(
    r"(?:[\w’'-]+\s+){1,4}?(?:put\s+out|released|published|issued|shared|posted|provided|made\s+public)\s+by\s+"
    r"(?P<by>(?:the\s+)?[^,;:]{2,60})$"
)
# A piece of work named by its maker: "a new report by E! News", "the 2019 study from the Pew Research Center".
_WORK_BY = re.compile(
    r"(?:(?:a|an|the|one)\s+)?(?:(?:new|recent|latest|separate|earlier|later|exclusive|\d{4})\s+)*"
    r"(?:reports?|study|studies|analys[ie]s|investigations?|reviews?|articles?|story|stories|audits?)\s+"
    r"(?:by|from)\s+(?P<by>(?:the\s+)?[^,;:]{2,60})"
)
# Speakers named by what they speak for, with no name of their own: the institution is the claimant.
_SPOKESPERSON = re.compile(
    r"(?:(?:the|a|an|one)\s+)?(?:(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})(?:[’'](?:s\b)?)?\s+)"
    r"(?:spokes(?:man|woman|person)|representative|rep|press office|press team|statement)"
    r"|(?:(?:the|a|an|one)\s+)?(?:spokes(?:man|woman|person)|representative|rep|statement)\s+(?:for|from)\s+"
    r"(?:the\s+)?(?P<org2>[A-Z][\w.&-]*(?:\s+(?:of\s+|the\s+|for\s+)?[A-Z][\w.&-]*){0,4})"
)
# A statement and the outlet it was sent to: "a statement from X to Fox News", "a statement sent to the Ledger".
# The outlet only received it: who speaks is the statement's maker.
_STATEMENT_TO = re.compile(
    r"(?P<st>(?:(?:the|a|an|one|its|his|her|their)\s+)?(?:[a-z-]+\s+){0,2}statement(?:\s+from\s+.+?)?)\s+"
    r"(?:(?:sent|given|provided|emailed|released|shared|issued)\s+)?(?:to|with)\s+(?:the\s+)?[A-Z][\w.&’'!-]*"
    r"(?:\s+[A-Z][\w.&’'!-]*){0,3}"
    r"|(?P<st2>(?:(?:the|a|an|one|its|his|her|their)\s+)?(?:[a-z-]+\s+){0,2}statement(?:\s+from\s+.+?)?)\s+"
    r"obtained\s+by\s+(?:the\s+)?[A-Z][\w.&’'!-]*(?:\s+[A-Z][\w.&’'!-]*){0,3}"
)
# A speaker phrase of one lower-case word is a source only if it is a word for one: the nouns that
# stand as a source's head in PolNeAR train at least twice ("officials", "experts", "police"), their
# singulars, and a poll's "respondents" and "participants". "Health bosses said ..." (after its
# title word "Health") names nobody.
_SOURCE_NOUNS = frozenset(
    "activist activists actor administration advisers adviser advocates agency aide aides allies analyst analysts "
    "attendees audience audiences authorities board brother brothers businessman campaign campaigns candidate "
    "candidates chairwoman chairman citizens columnist commentators commission community company conservatives "
    "countries country court courts critics crowd data daughter delegates delegate department detractors "
    "developers diplomats doctors documents donors economists editors editorial electorate email emails employees "
    "environmentalists everyone evidence executive executives experts families family father filings filing firm "
    "firms followers foundation friend friends government governor group groups homeowners host husband insiders "
    "institute investigators investors journalists judge justice lawmaker lawmakers lawsuit lawyer lawyers leader "
    "leaders leadership letter liberals manager media members memo moderator moderators mogul mother movement "
    "nominee observers office official officials opponents organization organizations organizer organizers "
    "others panel paper papers parents parties party people person police politicians poll pollsters polling "
    "polls president progressives prosecutors prosecutor protesters public records release report reporter "
    "reporters reports researchers researcher residents results rival rivals scientists scientist senator "
    "senators source sources speakers spokesman spokeswoman spokesperson staff statement strategists suit "
    "superdelegates supporters survey surveys team tycoon unions user users video voters website wife witnesses "
    "witness woman women workers ad ads newspaper network message actress mayor affidavit findings fans petition "
    "airline diplomat bureau inquiry proposal students respondents participants complaint indictment".split()
)


# One capitalised word that may be a surname ("Ban", "Mark-Viverito", "O’Connor"), not an acronym.
_SURNAME = re.compile(r"(?:Mc|Mac|De|Di|Da|La|Le|O[’'])?[A-Z][a-z]+(?:[’'-][A-Z]?[a-z]+)*")
# One capitalised word and the "the" that may stand before it ("the West agreed", "Putin said").
_ONE_WORD = re.compile(r"(?P<the>\b[Tt]he\s+)?(?<![\w’'-])(?P<word>[A-Z][a-z]{2,})\b(?![’'-])")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;“\"‘(\n])\s*$")


def _things(text: str) -> frozenset[str]:
    """One-word names the article always writes after "the" wherever a sentence does not open with them
    ("the West", "the Kremlin", "the Pentagon"): a thing or a place, no surname ("Putin", "Obama" stand alone)."""
    with_the: set[str] = set()
    alone: set[str] = set()
    for match in _ONE_WORD.finditer(text):
        word = match.group("word")
        if match.group("the"):
            with_the.add(word)
        elif not _OPENS_SENTENCE.search(text, max(0, match.start() - 3), match.start()):
            alone.add(word)
    return frozenset(with_the - alone)


# News outlets named by one word: "Bloomberg reported …" is the outlet, never whom a later "he" means (a person of
# that name is named in full somewhere in the article, "Michael Bloomberg", and resolves to the full name).
_ONE_WORD_OUTLETS = frozenset(
    "Bloomberg Reuters Politico POLITICO Axios Breitbart Vox Slate Salon Newsweek Variety Deadline Mashable Engadget "
    "Gizmodo TechCrunch Recode BuzzFeed Mediaite Semafor Vice Forbes Quartz Wired Xinhua Interfax Tass TASS Yonhap "
    "Kyodo Haaretz PolitiFact Politifact Snopes Bild Reddit".split()
)
_NOT_SURNAMES = frozenset(
    "Democrats Republicans Americans Officials Police Reuters Politico Twitter Facebook Google Apple Amazon "
    "Microsoft Congress Republican Democrat Israel Iran Iraq Syria Mexico Canada Japan India Turkey Europe Asia "
    "Obamacare "
    # groups ("Hispanics said …" was the "he" of the next sentence)
    "Muslims Jews Latinos Latinas Blacks Whites Independents Millennials Evangelicals Hispanics Catholics "
    # states and countries, never whom "he" or "she" means ("Does Iowa really want …?")
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi "
    "Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Wisconsin "
    "Wyoming Russia China Ukraine Britain France Germany Italy Spain Cuba Venezuela Brazil Pakistan Afghanistan "
    "Libya Egypt Yemen Lebanon Jordan Qatar Nigeria Kenya Australia Poland Greece Sweden Norway".split()
)


# Endings of a lower-case head that names people ("forecasters", "economists", "Democrats' allies").
_PERSONAL_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Sens|Reps)\.?\s+[A-Z]|(?:Senator|Representative|Governor)\s")
_AGENT_ENDS = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ants", "ents", "ives", "ee", "ees")
_PEOPLE_HEADS = frozenset(
    "men man chief member members children child side sides outlets outlet analysis analyses research account "
    "tweet tweets surveyed associates operatives nonprofits sons son staffers camp circle aides employee employees "
    "someone somebody anyone index networks returns agent consultant assistant correspondent opponent resident "
    "representative executive tenant immigrant migrant applicant participant student patient parent client "
    "occupant defendant plaintiff claimant merchant servant sergeant lieutenant contestant entrant figures figure "
    "numbers estimates estimate statistics army military navy study studies forecast forecasts projections count "
    "tally tallies census".split()
)
# Words ending like an agent noun ("after", "another", "never") that are none.
_NOT_AGENTS = frozenset(
    "after another other either neither never ever however whether together under over later rather "
    "further former latter better their her per".split()
)
_QUANTIFIERS = frozenset("many some most several few all both numerous other various".split())
# Words that may trail a speaker phrase and are no part of it.
_AFTER_SPEAKER = frozenset(
    "and now himself herself themselves itself often overall both however already sometimes nationwide today "
    "also too then still again later soon alone instead".split()
)


# Lower-case words inside a name ("Centers for Disease Control", "Department of Health").
_IN_NAMES = frozenset("of for on and the de van von al bin da del la le du y".split())


# Words for informants the article does not name: a claimant of their own, never a name ("Sources said" →
# "sources").
_ANONYMOUS = frozenset("source sources insider insiders informant informants".split())
_NOBODY = "\0nobody"  # a _Found's claimant when the rules know nobody speaks: the outlet's own text


def _names_someone(description: str) -> bool:
    """Whether a lower-case description may speak: not when its head noun (before "of") names a state of affairs
    ("the lack of resolution", "the uncertainty"); "the city council", "the legislation", "the summary" may."""
    return description.split(" of ", 1)[0].split()[-1] not in _STATES_OF_AFFAIRS


_STATES_OF_AFFAIRS = frozenset(
    "lack absence failure uncertainty possibility prospect prospects irony confusion chaos turmoil tension tensions "
    "stalemate standoff delay delays impasse deadlock gridlock fact notion idea silence shortage".split()
)


class _Speakers:
    """Resolves source phrases to claimants, remembering who spoke last."""

    def __init__(self, text: str) -> None:
        self.names = _Names(text)
        self.text = text
        self.things = _things(text)  # "the West": never whom "he" or "she" means
        self.last_person = ""
        self.last_any = ""
        self.last_thing = ""  # the last claimant that is no person (a company, a government, a study): whom "it" means
        self.recent: list[str] = []  # the persons resolved so far, the latest last
        self.persons: set[str] = set()  # persons named by a surname alone after a personal title ("Mr. Trump")
        self.mentioned = ""  # the person last named, while nobody has been quoted yet
        self.pollster = ""  # the pollster last named ("a Gallup poll"), for "the poll" after it
        self.statement_by = ""  # who last issued a statement ("X said in a statement"), for "the statement said"
        self.statement_at = -1  # the sentence that named it
        self.statement_lasts = _STATEMENT_LASTS  # sentences after it that "the statement" may still be that one
        self.at = 0  # the sentence being read
        # A transcript's speakers: a capitalised label opening two paragraphs or more ("CLINTON: ...").
        labels = Counter(_TURN.findall(text)) if ":" in text else Counter()
        self.transcript = {label for label, count in labels.items() if count >= 2 and len(label) > 1}

    def _remember(self, claimant: str, *, person: bool = False, thing: bool = False) -> str:
        """``claimant`` spoke last: whom a later "he"/"she" (a person), "it" (a thing) or "they" may mean."""
        if person:
            self.last_person = claimant
            if not self.recent or self.recent[-1] != claimant:
                self.recent = [*self.recent[-15:], claimant]
        if thing:
            self.last_thing = claimant
        self.last_any = claimant
        return claimant

    @contextmanager
    def aside(self) -> Iterator[None]:
        """Resolve phrases without counting them as the last speaker (who was asked, who issued a statement)."""
        state = (self.last_person, self.last_any, self.last_thing, list(self.recent))
        try:
            yield
        finally:
            self.last_person, self.last_any, self.last_thing, self.recent = state

    def _described(self, description: str) -> str:
        """The one person the text names right after ``description`` (a capitalised qualifier and a role,
        "Acme founder" → "Acme co-founder Jo Ames" or "Acme founder Jo Ames"), or ""."""
        words = description.split()
        if not 2 <= len(words) <= 4 or not words[0][:1].isupper() or not words[-1].islower():
            return ""
        head = words[-1].removeprefix("co-")
        pattern = (
            r"\b"
            + r"\s+".join(map(re.escape, words[:-1]))
            + r"\s+(?:co-)?"
            + re.escape(head)
            + r"\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)"
        )
        names = {m.group("name") for m in re.finditer(pattern, self.text) if is_person(m.group("name"))}
        return names.pop() if len(names) == 1 else ""

    def resolve(self, np: str) -> str:
        np = np.strip(" ,.;:").rstrip(" -–—")  # "Egypt and Jordan -" (a dashed apposition's end)
        if "(" in np and ")" not in np[np.index("(") :]:
            np = np[: np.index("(")].rstrip()  # "Jo Smith (who said ...": the bracket opens an aside
        if np.startswith("and "):
            np = np[4:]  # "and Bill Clinton"
        if not np:
            return ""
        made_by = _MADE_BY.match(np) if " by " in np else None
        if made_by:
            # "Images put out by the Russian ministry of defence appear to show ...": who put them out.
            return self.resolve(made_by.group("by"))
        work_by = _WORK_BY.fullmatch(np) if " by " in np or " from " in np else None
        if work_by:
            return self.resolve(work_by.group("by"))  # "a new report by E! News" is the outlet's report
        sent = _STATEMENT_TO.fullmatch(np) if "statement" in np else None
        if sent:
            np = sent.group("st") or sent.group("st2")  # "a statement from X to Fox News": X's, not the outlet's
        if (
            self.statement_by
            and self.at - self.statement_at <= self.statement_lasts
            and _THE_STATEMENT.fullmatch(np[:1].lower() + np[1:])
        ):
            # '“…,” the statement said.': a statement's claimant is who issued it, named before (also opening
            # the sentence: "The statement claimed that …").
            return self.statement_by
        spoken_for = _SPOKESPERSON.fullmatch(np)
        if spoken_for:
            # "a WeWork spokesperson", "a spokeswoman for the ministry": the institution speaks.
            return self.resolve(spoken_for.group("org") or spoken_for.group("org2"))
        low = np.lower()
        low_words = low.split()
        first = _POSSESSIVE_END.sub("", low_words[0])  # "It’s", "That’s": the word, not its contraction
        if len(low_words) > 1 and first != low_words[0] and first in _REFERRING_WORDS:
            return ""  # "That’s a far cry ...", "It’s ...": a clause, never a name
        if first in _REFERRING_WORDS and len(low_words) == 1:
            low = first
        if low in _OPENING_ADVERBS or low in _NO_SPEAKER_WORDS or _CONTRACTION.search(low) or first == "you":
            return (
                ""  # "There are fears that ...", "You said ...": an expletive, an adverb or "you" is never a claimant
            )
        if _WEB_ADDRESS.fullmatch(np):
            return np  # "according to ouest-france.fr": a site speaks by its address
        if _ESTIMATE.fullmatch(low):
            return ""  # "according to one estimate": an estimate says nothing; whose it is, the text does not say
        if first == "what" or first == "which":
            return ""  # "What Washington wants ...": a clause
        if first in _SUBORDINATORS:
            # "Whenever (asked …)", "While Clinton (has condemned …)": a clause's opening word, no part of a name
            return self.resolve(np.split(None, 1)[1]) if len(low_words) > 1 else ""
        if len(low_words) > 1 and low_words[0] in _QUESTION_OPENERS and np[:1].isupper():
            return self.resolve(np.split(None, 1)[1])  # "Is Sanders …?": a question's auxiliary is no part of a name
        if low in PRONOUNS:
            if low in ("he", "she") and (self.last_person or self.mentioned):
                person = self.last_person or self.mentioned
                if _titled_other_gender(person, low):
                    # "she" is never "Prince Andrew": the latest person before him whose title does not say otherwise
                    person = next((p for p in reversed(self.recent) if not _titled_other_gender(p, low)), "")
                return person
            if low == "it":
                # "it announced an order": a company, a government, a study; never the person quoted last.
                return self.last_thing
            if low in ("he", "she") and self.last_any in _ONE_WORD_OUTLETS:
                return ""  # "Bloomberg reported … he later asked": "he" is never a news outlet
            return self.last_any or self.last_person or ""
        if low.startswith(("the ", "a ", "an ", "its ", "his ", "her ", "their ")):
            rest = np.split(None, 1)[1]
            named = _NP_BEFORE.search(rest) if rest[:1].islower() and not _ROLE_TO.search(low) else None
            if named and is_person(_strip_titles(named.group("np"))):
                return self.resolve(named.group("np"))  # "the county chairman Carl Webb"
            title = _title_of(rest)
            if title and title in self.names.by_title:
                # "the president" → the latest speaker the article calls President, else the
                # first person it calls so.
                for name in reversed(self.recent):
                    if title in self.names.titles.get(name, ()):
                        return self.resolve(name)
                return self.resolve(self.names.by_title[title])
            described = self._described(rest) if low.startswith("the ") and _PERSON_DESCRIPTION.fullmatch(rest) else ""
            if described:
                # "Acme co-founder Jo Ames was arrested … The Acme founder always argued …": the one person the
                # article names with that description before the name.
                return self.resolve(described)
            if (
                low.startswith("the ")
                and self.last_person
                and (_PERSON_DESCRIPTION.fullmatch(rest) or _PARTY_MEMBER.fullmatch(rest))
            ):
                # "Kyiv Mayor Jo Smith has said ... The former heavyweight champion told LBC that ...":
                # a description of a person, not a name, is the person the article has just quoted.
                return self.resolve(self.last_person)
            if rest.islower() and not _names_someone(rest):
                return ""  # "The lack of resolution (has been discouraging)": a thing, nobody who speaks
            claimant = rest if rest[:1].isupper() else f"{low.split()[0]} {rest}"
            return self._remember(claimant, thing=not is_person(_strip_titles(claimant)))
        if " " in np:
            np = _WHEN_TAIL.sub("", np) or np  # "Democrats trying to … in November": when is no part of who
        if (np.split()[-1].lower() in _NOT_SPEAKERS and not _MONTH_SURNAME.fullmatch(np)) or _HOLIDAY.search(np):
            return ""
        if np[:1].islower() and np.split()[-1][:1].isupper() and _ROLE_IN_PLACE.fullmatch(np):
            pass  # "authorities in Inner Mongolia": the authorities speak, not the place
        elif np[:1].islower() and np.split()[-1][:1].isupper():
            # "former Obama adviser David Axelrod" → "David Axelrod"
            run = _NP_BEFORE.search(np)
            if run:
                np = run.group("np")
        elif np.split()[-1][:1].isupper() and any(w[:1].islower() and w not in _IN_NAMES for w in np.split()):
            # "Democratic pollster Stan Greenberg" → "Stan Greenberg" (a person after a role word)
            run = _NP_BEFORE.search(np)
            if run and is_person(_strip_titles(run.group("np"))):
                np = run.group("np")
        group = _GROUP_OF.fullmatch(np)
        if group and (
            group.group("head").lower() in _SOURCE_NOUNS
            or group.group("head").lower() in _PEOPLE_HEADS
            or group.group("head").lower().endswith(_AGENT_ENDS)
        ):
            # "Friends of Mr. Clinton's", "Executives for Mondelez": the group, its titles and all
            return self._remember(np)
        owned = _PLACE_OWNS.fullmatch(np)
        if (
            owned
            and is_person(_strip_titles(owned.group("person")))
            and owned.group("person").split()[-1] not in _INSTITUTION_HEADS
        ):
            np = owned.group("person")  # "Florida’s Rick Wilson": the person; "China’s CDC" stays whole
        name = self.names.full(_strip_titles(np))
        first_word, _, rest = name.partition(" ")
        if first_word.lower() in _ANONYMOUS and (not rest or rest[:1].islower()):
            # "Sources said ...", "Sources close to the family said ...": capitalised only as the sentence's first
            # word; nobody named
            name = f"{first_word.lower()} {rest}".rstrip()
        if not name or (" " not in name and name.islower() and name not in _SOURCE_NOUNS):
            return ""  # "Health bosses said ...": a plain common noun ("bosses") names nobody
        words = name.split()
        while len(words) > 1 and words[-1] in _AFTER_SPEAKER:
            words.pop()  # "Clinton and", "Trump himself", "Democrats nationwide"
        name, head = " ".join(words), words[-1]
        quantified = words[0].lower() in _QUANTIFIERS and head.endswith("s")  # "Many businesses"
        if (
            len(words) > 1
            and head.islower()
            and not quantified
            and not any(
                (w[:1].isupper() and (i or w.endswith(("’s", "'s"))))
                or w.lower() in _SOURCE_NOUNS
                or (w is words[-1] and f"{w.lower()}s" in _SOURCE_NOUNS)  # "one legal expert": of the "experts"
                or w.lower() in _PEOPLE_HEADS
                or (w.endswith(_AGENT_ENDS) and w.lower() not in _NOT_AGENTS)
                for i, w in enumerate(words)
            )
        ):
            return ""  # "Another cloud of choking smoke", "Fifty-one percent": a thing or an amount, nobody
        if (is_person(name) and not _NO_PERSON_END.search(name)) or (
            _SURNAME.fullmatch(name)
            and not _ORG_HINTS.search(name)
            # ("Mr. Jordan", "Rep. Israel": a personal title makes a place's name a surname)
            and (name not in _NOT_SURNAMES or _PERSONAL_TITLE.match(np))
            and name not in self.things
            and (name not in _ONE_WORD_OUTLETS or _PERSONAL_TITLE.match(np))
            and not name.endswith(("ians", "cans"))
        ):
            # "Ban demurred. ... he said": a surname the article never gives in full is still the person quoted;
            # "Tesla said …": a name never given in full may also be a company's, whom "it" means (not "Mr. Trump").
            if " " not in name and _PERSONAL_TITLE.match(np):
                self.persons.add(name)
            return self._remember(name, person=True, thing=" " not in name and name not in self.persons)
        return self._remember(name, thing=True)


# "(said) of the scandal that …", "(stated) of Ames: …": what a report is about, then its link.
_SAID_OF = re.compile(r" of (?:(?:the|a|an|his|her|their|its) )?[\w’'-]+(?: [\w’'-]+){0,3}? (?:that\b|:)| of [\w’'-]+:")
_GERUND_BEFORE = re.compile(r"\b(?:of|for|about|from|without|despite)\s+$")
_SAID_OF_CUES = frozenset("said says stated states wrote writes remarked remarks added adds".split())
# Before a passive participle set off as an aside: "The campaign, first reported by …".
_REPORTED_ASIDE = re.compile(r",\s+(?:(?:first|originally|previously|also|earlier)\s+)?$")
# The agent of a passive report: "(was first reported) by the Miami Herald", "(confirmed) by the company on Tuesday".
_WHEN_BEFORE_COMMA = re.compile(r"(?:\s+(?:on|in|last|this|earlier)\s+[\w.]+(?:\s+\d{1,4})?)?")
_OPENER_ONLY = re.compile(r"\W*(?:But|And|Still|Yet|So|Now|Then|However),\s*")  # "But, said Jo Ames, …"
_WEB_ADDRESS = re.compile(
    r"(?:www\.)?[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:com|org|net|fr|de|uk|it|es|ru|in|au|ca|gov|edu|io|info|news)"
)
_REPORTS_AS_NOUN = re.compile(
    r"(?:^|\b(?:media|news|press|earlier|recent|initial|local|wire|unconfirmed|some|many|several|other|the|these|"
    r"those|such|police|intelligence|credit|financial|annual|conflicting|similar|separate|multiple)\s+"
    # "before the Horowitz and Durham reports": named reports after a preposition
    # ("Wee of the Times reports that …" is a reporter of the paper: no "of" here)
    r"|\b(?:before|after|in|from|with|about|on|until)\s+the\s+(?:(?-i:[A-Z])[\w.’'-]*\s+(?:and\s+)?){1,4})$",
    re.IGNORECASE,
)
# A sentence opening with a quoted title, not a quotation: '“Wild Rose” is now on DVD', "'Meth.': South …".
_TITLE_FIRST = re.compile(
    # (each mark closes its own kind: "“The workers’ pensions are …" is a quotation whose "’" closes nothing)
    r"“[^“”\n]{1,40}?(?:[^,.!?\s]”\s+[a-z]|”:\s)|\"[^\"\n]{1,40}?(?:[^,.!?\s]\"\s+[a-z]|\":\s)"
    r"|[‘'](?:[^‘'’“”\"\n]|(?<=\w)['’](?=\w)){1,40}?(?:[^,.!?\s][’']\s+[a-z]|[’']:\s)"
)
_WHO_THEN_AND = re.compile(
    r"(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+who\s+[^,;:“”\"]{3,120}?\s+(?:and|but)\s+(?:also\s+)?$"
)
_CONDITION_FIRST = re.compile(
    r"\W*(?:If|Unless|Until|When|Whenever|Once|As\s+long\s+as|Even\s+if|Only\s+if|Because|Although|Though|While)"
    r"\s[^,;:“”\"]*"
)


_AS_BEFORE = re.compile(r"\W*(?:But\s+|And\s+)?[Aa]s\s+(?:(?:first|previously|originally|earlier|also)\s+)?")
_BY_AGENT = re.compile(
    r"\s+(?:(?:first|initially|later|also)\s+)?by\s+(?P<np>(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,4}|"
    r"the\s+[a-z]+(?:\s+[a-z]+)?)(?=\s*(?:[,.;:!?]|$|\s+(?:on|in|at|last|this|earlier|and)\b))"
)
# ", whose lawyers (argued …)": the people of the one named before the comma.
_WHOSE_AGENTS = re.compile(
    r",\s+whose\s+(?P<agents>(?:[a-z][\w-]*\s+)?(?:attorneys|lawyers|aides|advisers|advisors|spokesman|spokeswoman|"
    r"spokesperson|officials|campaign|staff|representatives|lawyer|attorney))\s+$"
)
# Lower-case modifiers between a clause's comma and a capitalised source: ", veteran Republicans (said)".
_MODIFIERS_AFTER_COMMA = re.compile(
    r",((?:\s+(?!(?:a|an|the|this|that|these|those|his|her|its|their|our|my|your|one|some|any|no|every)\s)[a-z][\w-]*){1,3})$"
)
# A group of someone's or something's: "Friends of Mr. Clinton's", "Executives for Mondelez".
_GROUP_OF = re.compile(r"(?P<head>[A-Z][a-z]+s)\s+(?:of|for|at|from|with)\s+\S.*")
# A time ending a speaker phrase: "… in November".
_WHEN_TAIL = re.compile(
    r"\s+(?:in|on|since|until|by|last|this)\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)
# A place's possessive before a person's name: "Florida’s Rick Wilson", "Texas's Jo Ames".
# (a first name, an initial at most, a surname: "NASA's Hubble Space Telescope" is the agency's, no person)
_PLACE_OWNS = re.compile(
    r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?[’']s\s+(?P<person>[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)"
)
# First words of an opening phrase of time or place ("Since last November, …", "In the north, …").
_OPENING_ADVERBIALS = _PREPOSITIONS | frozenset("since last this earlier later over".split())
# Words opening a subordinate clause, never a name's first word.
_SUBORDINATORS = frozenset(
    "while whenever wherever whereas when although though because unless until once if since after before".split()
)
# An estimate nobody is named as making: no speaker ("one estimate", "some projections").
_ESTIMATE = re.compile(
    r"(?:(?:by\s+)?(?:one|an|some|other|several|many|most|recent|new|rough|conservative|independent|unofficial)\s+)+"
    r"(?:[a-z-]+\s+)?(?:estimates?|projections?|calculations?|counts?|tall(?:y|ies)|guess(?:es)?)"
)
# A description of one person, lower-case after "the": "former heavyweight champion of the world",
# "28-year-old", "veteran actress". (Roles the article gives as titles, "the president", resolve by title.)
_PERSON_DESCRIPTION = re.compile(
    r"(?:[\w’'-]+\s+){0,3}(?:champion|actor|actress|singer|star|player|rapper|author|writer|novelist|"
    r"billionaire|businessman|businesswoman|entrepreneur|founder|veteran|coach|athlete|comedian|musician|"
    r"artist|lawmaker|congressman|congresswoman|activist|[0-9]+-year-old|"
    r"father|mother|widow|husband|wife|mogul|tycoon|pundit|presenter|broadcaster|"
    r"royal|financier|socialite|filmmaker)"
    r"(?:\s+of\s+(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?"
)
# A party member by state or city, after "the": "the Arizona Republican", "the New York Democrat".
_PARTY_MEMBER = re.compile(r"(?:[A-Z][\w.-]*\s+){1,2}(?:Republican|Democrat|Independent)")
# An adverb opening a sentence ("Normally, ...", "Apparently ..."); a name in "-ly" ("Kelly") has a capital inside
# or another word after it, and is heard by the rules, not the ranker.
_OPENING_ADVERB = re.compile(r"[A-Z][a-z]{3,}ly")
_RELATIVE_START = re.compile(r"\s*(?:who|which|whose)\s")
# Before a cue word that is a noun: a possessive and up to two lower-case modifiers ("his often-repeated"); not
# "her" as an object ("asked her to say", "told her he said").
_NOUN_CUE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y)\s+(?:(?!(?:to|that|if|whether|he|she|they|it|we|i|you)\b)[a-z][\w-]*\s+){0,2}$"
)
# Heads of phrases that name what was done, never who speaks.
# A capitalised possessor and one lower-case noun: "Sondland’s appearance", "Trump’s lawyer".
_OWNED_THING = re.compile(r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*[’']s\s+(?P<head>[a-z][a-z-]*)")


def _speaking_head(head: str) -> bool:
    """Whether a noun names someone who may speak: a source, people, a role, an agent ("lawyer", "campaign")."""
    return (
        head in _SOURCE_NOUNS
        or head in _PEOPLE_HEADS
        or bool(_ROLE_HEAD.fullmatch(head))
        or (head.endswith(_AGENT_ENDS) and head not in _NOT_AGENTS)
    )


_NO_SPEAKING_HEADS = frozenset(
    "decision move announcement change changes plan plans policy deal shift step steps measure measures "
    "attack attacks war crisis vote votes law laws bill bills rule rules merger takeover".split()
)
_PASSIVE_CUE = re.compile(r"(?:is|was|are|were|has been|had been|have been)\s")
# Words that never name a speaker: "That said, ...", "What followed ...", and contractions ("We’ve").
_NO_SPEAKER_WORDS = frozenset("that this these those which what".split())
# Words that refer back to someone or something, never a claimant by themselves.
_REFERRING_WORDS = _NO_SPEAKER_WORDS | PRONOUNS | frozenset({"you", "there"})
_POSSESSIVE_END = re.compile(r"[’'](?:s|re|ve|ll|d|m)$")
_CONTRACTION = re.compile(r"[’'](?:ve|re|ll|d|m)$")
_APPOSITION_START = re.compile(r"\s*(?:a|an|the|his|her|their|its|who|whose|one|both|then|now|also|himself|herself)\s")
# First words of "a name opening the sentence" that make it no name ("In Kyiv, ...", "But ...").
# An aside of circumstance after the name opening a sentence: ", during a town hall in Columbus, Ohio, said".
_CIRCUMSTANCE_ASIDE = re.compile(
    r"\s*(?:during|speaking|in\s+(?:an?|his|her|their|its)\s+(?:interview|statement|speech|letter|op-ed|post|tweet|"
    r"appearance|address)|at\s+(?:an?|the|his|her|their|its)\s+(?:town\s+hall|rally|news\s+conference|press\s+conference|"
    r"event|hearing|meeting|debate|campaign))\b[^,;:“”\"]{0,80},(?:\s+[A-Z][\w.]*,)?\s*$"
)
# A sentence's first word that is no name ("In Kyiv, …", "But …").
_NOT_OPENING_NAME_WORDS = re.compile(
    r"\s*(?:(?:But|And|Meanwhile|Still|However),?\s+)?(?:In|On|At|For|With|From|By|After|Before|During|Since|When|While|"
    r"If|As|Although|Though|Because|Yesterday|Today|Last|This|There|Here)\b"
)
# An age after a name, then where the person lives: "Jo Smith, 29, of Huntsville, Ala., says".
_AGE_APPOSITION = re.compile(r"\s*\d{1,3},\s")
_NOT_OPENING_NAMES = _LEADING_WORDS | _PREPOSITIONS
_OPENING_NAME = re.compile(
    r"\s*(?:(?:But|And|Meanwhile|Still|However),?\s+)?(?P<np>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|van|von|al|bin)){0,4})"
    r"(?:\s+\([^()]{1,30}\))?,\s"  # "Rep. Jo Ames (D-Md.), chair of ..., said"
)


# '“...,” White House press secretary Josh Earnest told reporters', '“...,” a friend, Mariam Emara, said'.
_TITLED_SPEAKER = re.compile(r"(?:[\w’'.&-]+\s+){0,6}?(?:[\w’'.&-]+,\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}")


_TITLE_ABBREVIATIONS = frozenset("CEO CFO COO CTO CIO CMO".split())
# A list of titles before a name: "chairman, CEO and president Craig Menear" is "president Craig Menear".
_TITLE_LIST = re.compile(r"(?P<titles>(?:[\w.-]+,\s+)+[\w.-]+\s+and\s+)(?P<rest>\S.*)")


def _without_title_list(between: str) -> str:
    """``between`` without a leading list of titles, or as it is when it opens with none."""
    listed = _TITLE_LIST.fullmatch(between)
    if listed is None:
        return between
    words = re.findall(r"[\w.-]+", listed.group("titles"))
    titles = all(
        w == "and" or w in _TITLE_ABBREVIATIONS or w.lower().rstrip(".") in TITLES or w.lower() in _RANKS for w in words
    )
    rest = listed.group("rest")
    return rest if titles and is_person(_strip_titles(rest)) else between


def _titled_speaker(between: str) -> bool:
    """Whether the words between a quotation and its cue are a speaker with a title or a role."""
    return bool(_TITLED_SPEAKER.fullmatch(between)) and not any(
        w.strip(",") in _NOT_IN_SUBJECT for w in between.lower().split()
    )


def _balanced_quotes(text: str) -> bool:
    """Every quotation opened in ``text`` is closed there ('“All that glitters” was to be a'): a quoted title,
    no quotation going on."""
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _linked_report(right: str) -> bool:
    """Whether a report's content follows the cue after a time or a phrase ("admitted yesterday that ...")."""
    after = _AFTER_PHRASE.match(right) or _AFTER_TO.match(right) or _AFTER_CUE.match(right)
    return bool(after and after.group("link"))


def _inside_quotation(left: str) -> bool:
    """Whether a quotation opened in ``left`` is still open at its end."""
    return left.count("“") > left.count("”") or left.count('"') % 2 == 1


# A lower-case noun and a preposition of place just before a capitalised run: the run is where, not who.
_PLACE_OF = re.compile(r"\b[a-z][\w’'-]*\s+(?:in|at|near|outside|inside)\s+$")
# An institution's name before "in"/"at" and a place: the whole is the speaker ("the US Embassy in New Delhi").
_NAMED_IN = re.compile(
    r"\b(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+(?:"
    + "|".join(
        sorted(_INSTITUTION_HEADS | {"Consulate", "Hospital", "School", "Mission", "Centre", "Center", "Laboratory"})
    )
    + r"))\s+(?:in|at)\s+$"
)
# A role or people of a place before "of"/"in" and its name ("the mayor of", "officials in").
_ROLE_OF_PLACE = re.compile(
    r"(?:^|(?<=[\s,;:(“\"]))(?P<np>(?:(?:[Tt]he|[Aa]n?)\s+)?"
    r"(?:(?!(?:when|while|as|after|before|if|because|and|but|that|where|since|until|once)\s)[a-z-]+\s+)?(?i:mayor|governor|officials?|residents|"
    r"authorities|police|people|leaders?|chief|head|governments?|council|councillors?|spokes(?:man|woman|person)|"
    r"senators?|congress(?:man|woman)|representatives?|lawmakers?|delegates?))"
    r"\s+(?:of|in|at|from)\s+$"
)
_ROLE_IN_PLACE = re.compile(_ROLE_OF_PLACE.pattern.replace(r"\s+$", r"\s+[A-Z].*"))
# "a city like", "places such as": the name after is an example of a thing.
_LIKE_BEFORE = re.compile(r"\b[a-z][\w’'-]*\s+(?:like|such\s+as)\s+$")


# A party and state after a politician's name: "R-Fla.", "D-N.Y.", "I-Vt."
_PARTY_TAG = re.compile(r"\(?[RDI]-[A-Z][\w.]*(?:\s?[A-Z][\w.]*)?\.?\)?")


# An aside between a speaker and the cue: ", when contacted by Reuters,", ", asked about the plan,".
_ASIDE_CLAUSE = re.compile(
    r"\s*(?:when|while|after|before|once|if|asked|contacted|reached|speaking|interviewed|responding|pressed|"
    r"questioned|writing)\s"
    # an adverbial aside: "Supporters of the law, on the other hand, argued that ..."
    r"|\s*(?:on\s+the\s+other\s+hand|by\s+contrast|in\s+contrast|for\s+(?:example|instance|their\s+part|his\s+part|"
    r"her\s+part|its\s+part)|in\s+turn|meanwhile|however|though|too|likewise|similarly|instead|in\s+particular)\s*$"
)


# Words for people before ", who ... ,": "Israeli settlers", "One attendee", "A voter".
_RELATED_PEOPLE = ("ers", "ists", "ians", "ants", "ents", "ees", "er", "ist", "ian", "ant", "ent", "ee")


# Members named after a group, before its cue: "Several candidates, including Jo Ames and Al Bane, said".
_SUBORDINATOR_FIRST = re.compile(r"^(?:even\s+though|although|though|while|because|since|whereas|but|and)\s+", re.I)
_INCLUDING = re.compile(
    r",\s+(?:including|among\s+them|notably|along\s+with|together\s+with|joined\s+by|with\s+help\s+from)\s"
    r"[^;:“”\"()]{2,200},$"
)


# Reports that may close a sentence after their source: "…, officials confirmed."
_CLOSING_REPORTS = frozenset(
    "confirmed confirms reported reports announced announces noted notes revealed reveals disclosed estimated "
    "estimate estimates stated states acknowledged admitted conceded explained stressed warned cautioned".split()
)


def _ends_sentence(right: str) -> bool:
    """Whether only a listener or a time follows a cue before the sentence ends ("confirmed to the Ledger.")."""
    tail = _CUE_TAIL.match(right)
    return bool(tail) and not right[tail.end() :].strip(' .!?"”’)')


_SHORT_QUOTED = re.compile(r"[“\"](?:[^“”\"\s]+\s){0,3}[^“”\"\s]+[,.]?[”\"]")


def _titles_only_quoted(text: str) -> bool:
    """Whether every quotation in ``text`` is a short title ("host of MSNBC’s “Morning Joe,”"), none a statement."""
    rest = _SHORT_QUOTED.sub("", text) if "“" in text or '"' in text else text
    return "“" not in rest and '"' not in rest and "”" not in rest


def _np_before(left: str) -> str:
    """The speaker phrase that ends ``left`` (before a cue verb)."""
    whole = left
    left = left[-120:].rstrip()  # the phrase is near; anchored searches stay cheap
    left = _TIME_TAIL.sub("", left)  # "Dianne Feinstein (D-Calif.) last week said"
    left = _PAREN_TAIL.sub("", left)  # "Jens Stoltenberg (left) said"
    dashed = _DASHED_APPOSITION.search(left)
    if dashed:  # "Jason Sims — a teacher from Mount Pleasant — says"
        return dashed.group("np") or dashed.group("np2")
    if left.endswith((",”", ',"')) and _titles_only_quoted(left):
        left = left[:-1]  # "Jo Ames, host of “Morning Show,” suggested": the title's comma closes the apposition
    # "Jens Stoltenberg, NATO's chief executive, said": skip the apposition.
    if left.endswith(","):
        # The name the sentence opens with ("Jo Smith, a teacher, ... said"), when no quotation opens in it.
        opening = _OPENING_NAME.match(whole) if len(whole) <= 400 and _titles_only_quoted(whole) else None
        if opening and _CIRCUMSTANCE_ASIDE.match(whole, opening.end()) and not _NOT_OPENING_NAME_WORDS.match(whole):
            # "Clinton, during a town hall in Columbus, Ohio, said …": who speaks, not where.
            return opening.group("np")
        if (
            opening
            and (_APPOSITION_START.match(whole, opening.end()) or _AGE_APPOSITION.match(whole, opening.end()))
            and is_person(_strip_titles(opening.group("np")))
        ):
            # "Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize it, said": the person the
            # sentence opens with, not a place inside the apposition.
            return opening.group("np")
        if (
            opening
            and whole.count(",") >= 3
            and is_person(_strip_titles(opening.group("np")))
            and not _FINITE.search(whole, opening.end())
            and not re.search(r"\b(?:and|or)\s|[;:(]", whole[opening.end() :])
        ):
            # "Jo Ames, editor at large of The Planet, an influential weekly, wrote": appositions after the name,
            # no verb among them; the person, not the paper the last one names.
            return opening.group("np")
        tail = whole.rstrip()[-300:]
        listed = _INCLUDING.search(tail)
        if listed:
            # "Several candidates, including Jo Ames, said": the group speaks, the name is one of its members.
            group = tail[: listed.start()]
            np = _np_before(group) or _subject_phrase(group) or _lower_subject(group)
            return _SUBORDINATOR_FIRST.sub("", np)  # ("even though most presidents, including X, have …")
        head, _, appos = left[:-1].rpartition(",")
        if head and "," not in head and _ASIDE_CLAUSE.match(appos) and not _inside_quotation(head):
            # "Powell's office, when contacted by a reporter, said": an aside, the speaker is before it.
            return _np_before(head) or _lower_subject(head)
        if head and _PARTY_TAG.fullmatch(head.rpartition(",")[2].strip()):
            head = head.rpartition(",")[0]  # "Sen. Jo Ames, R-Ohio, appearing on Fox News, said": not "R-Ohio"
        if head and "," in head and (_RELATIVE_START.match(appos) or _APPOSITION_START.match(appos)):
            # "Jo Ames, director of Acme Action, which organized the letter, said", "Jo Ames, chairman of Acme,
            # the network's funding arm, said": the clause or apposition describes the organisation the one before
            # names; the speaker is the person before them both.
            person = _np_before(head.rstrip() + ",")
            if person and is_person(_strip_titles(person)):
                return person
        if head and (len(appos.split()) <= 8 or _APPOSITION_START.match(appos) and len(appos.split()) <= 16):
            # (also "Shen Li, a doctoral candidate at the Georgia Institute of Technology, urged": the name)
            named = _NP_BEFORE.search(head.rstrip())
            if named and named.group("np")[:1].isupper() and not _PARTY_TAG.fullmatch(named.group("np")):
                return named.group("np")
        if len(whole) > len(left) and len(whole) <= 400 and "," in whole.rstrip()[:-1]:
            # the apposition may run back past the 120 characters looked at ("One attendee, who ..., said")
            whole_head, _, whole_appos = whole.rstrip()[:-1].rpartition(",")
            if "," not in whole_head and _RELATIVE_START.match(whole_appos):
                head, appos = whole_head, whole_appos
        if head and _RELATIVE_START.match(appos):
            # "Israeli settlers, who form part of his base, said ...": the subject opening the sentence.
            subject = _lower_subject(head.rstrip()) if len(head.split()) <= 5 and "," not in head else ""
            # (the head before a preposition: "Executives for Mondelez, which …, say")
            last = re.split(r"\s+(?:of|for|at|from|with)\s+", subject)[0].split()[-1].lower() if subject else ""
            if last in _SOURCE_NOUNS or last.endswith(_RELATED_PEOPLE):
                return subject
        # "Jo Smith, director of a union that has endorsed ... and that has ..., said": a long
        # apposition after the name opening the sentence.
        if opening and "”" not in whole and opening.group("np").split()[0].lower() not in _NOT_OPENING_NAMES:
            return opening.group("np")
        left = _PAREN_TAIL.sub("", left[:-1].rstrip())  # "Sen. Jack Reed (D-R.I.), said"
    for pattern in (_PRONOUN_BEFORE, _ROLE_BEFORE, _NP_BEFORE):
        match = pattern.search(left)
        if match:
            np = match.group("np")
            role = _ROLE_OF_PLACE.search(left, 0, match.start()) if pattern is _NP_BEFORE else None
            if role:
                # "The mayor of Harrow says", "Officials in Harrow say": the people of the place speak, not it.
                return role.group("np") + left[role.end("np") : match.start()] + np
            if pattern is _NP_BEFORE and _PLACE_OF.search(left, 0, match.start()):
                # "The US Embassy's monitor in New Delhi reported": a place qualifying a noun, not the speaker.
                return ""
            if pattern is _NP_BEFORE and _LIKE_BEFORE.search(left, 0, match.start()):
                return ""  # "a region like Delhi demands ...": an example of a thing, not a speaker
            placed = _NAMED_IN.search(left, 0, match.start()) if pattern is _NP_BEFORE else None
            if placed:
                # "The UK Consulate in Lagos says": the consulate speaks, where it is qualifies it.
                return placed.group("np") + left[placed.end("np") : match.start()] + np
            if pattern is _NP_BEFORE and _RANK_WHERE.search(left, 0, match.start()):
                tail = _person_tail(np, where=True)
                if tail:
                    return tail  # "China's ambassador to Britain Liu Wei said": the person after the place
            if pattern is _NP_BEFORE and np[:1].isupper():
                of = _PERSON_OF_THE.search(left, 0, match.start())
                if of and is_person(of.group("np")) and _strip_titles(of.group("np")) == of.group("np"):
                    # "Jo Smith of the New York Times said": the reporter speaks, the paper qualifies her.
                    return of.group("np") + left[of.end("np") : match.start()] + np
            if np and (pattern is not _NP_BEFORE or np[:1].isupper()):
                return np
    return ""


# A rank and where it is held, before a capitalised run: "ambassador to", "envoy for the", "minister of".
_RANK_WHERE = re.compile(
    r"\b(?:ambassadors?|envoys?|ministers?|secretary|representatives?|delegates?|minister|consul|commissioner|"
    r"spokes(?:man|woman|person)|chief|head|director|president)\s+(?:to|for|in|at|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _person_tail(run: str, *, where: bool = False) -> str:
    """The person's name ending a capitalised run that is no person as a whole ("Britain Liu Wei" → "Liu Wei");
    ``where``: the run follows a rank's "to"/"for" ("ambassador to Norway Ana Lind"), so it opens with a place."""
    words = run.split()
    if len(words) < 3 or (is_person(run) and not where):
        return ""
    size = 3 if len(words) >= 4 and _INITIAL.fullmatch(words[-2]) else 2
    if words[-1].lower() in _OFFICES:
        return ""  # "United Nations High Commissioner": an office, no person's name
    if words[0] in ("to", "for", "in", "at", "of") and len(words) - size < 2:
        return ""  # "(Commissioner) for Human Rights": no place before the name, the office's own words
    tail = " ".join(words[-size:])
    return tail if is_person(tail) else ""


# A person's name and "of the" before an institution's name: "Jo Smith of the New York Times".
_PERSON_OF_THE = re.compile(
    r"(?<![\w’'.-])(?P<np>[A-Z][a-z][\w’'-]*(?:\s+[A-Z]\.)?\s+[A-Z][a-z][\w’'-]*)\s+of\s+the\s+$"
)


_NAMED_SUBJECT = re.compile(
    r"(?<![\w’'])(?P<np>(?:[A-Z][a-z’'-]+\s+)?[A-Z][a-z’'-]+)\s+(?:was|is|has|had|were|would|could|told|[a-z]+ed)\b"
)


_THEN_QUOTED = re.compile(r"[:,]\s*$")  # the quotation follows the sentence's own words ("…: “…,” he said")
# A subordinate clause's opening word just before its "he"/"she" ("… because he worries …").
_SUBORDINATE_BEFORE = re.compile(r"\b(?:because|as|when|while|after|since|though|although|if|what|that)\s*$")
# An event of someone's, then the "he"/"she" acting in it: "Trump’s July 25 call when he (asked …)".
_POSSESSOR_EVENT = re.compile(
    r"(?<![\w’'])(?P<np>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})[’']s\s+(?:[\w.-]+\s+){0,4}?(?:call|speech|visit|"
    r"meeting|remarks|interview|trip|rally|testimony|announcement|address|tweets?|letter|appearance|conversation)\s+"
    r"(?:when|as|in\s+which|where|during\s+which)\s+(?:he|she)\s+$"
)


def _subject_named_before(before: str, speakers: _Speakers) -> str:
    """The person a sentence names as a subject before a "he"/"she" that reports ("Mark Bell was arrested
    for a call in which he said ..."): the first such name, outside any quotation; "" when none."""
    # (an apostrophe inside a word, "Omar’s office", is no quotation mark)
    if not before.strip() or any(q in re.sub(r"(?<=\w)[’'](?=\w)", "", before) for q in _OPEN_Q + _CLOSE_Q):
        return ""
    for m in _NAMED_SUBJECT.finditer(before):
        name = speakers.names.full(_strip_titles(m.group("np")))
        if " " in name and is_person(name):
            return name
    opening = _OPENING_NAME.match(before) if _SUBORDINATE_BEFORE.search(before) else None
    if opening and (_APPOSITION_START.match(before, opening.end()) or _AGE_APPOSITION.match(before, opening.end())):
        # "Jo Ames, 53, a guard at a casino, is backing Bell because he worries …": the subject opening the
        # sentence, an apposition after the name.
        name = speakers.names.full(_strip_titles(opening.group("np")))
        if " " in name and is_person(name):
            return name
    return ""


def _headline_speaker(source: str, speakers: _Speakers) -> bool:
    """Whether "Source:" opening a sentence is a person speaking ("Sanders: ..."), not a
    dateline ("KYIV:"), a section ("Background:") or a label."""
    if any(w in _NOT_HEADLINE_SOURCES for w in source.lower().split()):
        return False  # (also "DEAR ABBY:", a letter's greeting: whom it is written to)
    if source.isupper():
        return source in speakers.transcript
    if is_person(speakers.names.full(_strip_titles(source))) or bool(speakers.names.by_first.get(source)):
        return True
    if speakers.at:
        return False
    # The headline opening the article ("Insiders: Trump will rebound", "Clinton camp: …", "NY Daily News: …"):
    # also a group, a side or the press; never an unnamed document ("Poll:", "Report:", "Newspaper:").
    words = source.lower().split()
    head = words[-1]
    if len(words) == 1 and head in _UNNAMED_DOCUMENTS:
        return False
    return bool(
        _PRESS.search(source)
        or (head in _SOURCE_NOUNS or head in _PEOPLE_HEADS or head.endswith(("ians", "ists", "ers")))
        and head not in _UNNAMED_DOCUMENTS
    )


# What an unnamed document says is nobody's in a headline: "Poll: …", "Report: …".
_UNNAMED_DOCUMENTS = frozenset(
    "poll polls report reports survey surveys study studies newspaper paper papers video videos statement letter "
    "memo documents records data results findings evidence analysis research figures numbers".split()
)


_DEMONSTRATIVE_SUBJECT = re.compile(
    r"^\s*(?:(?:But|And|Still|Yet),?\s+)?(?P<np>(?:That|This|These|Those)\s+(?:[a-z-]+\s+)?"
    r"(?:person|official|officials|source|sources|aide|aides|adviser|advisers|spokesman|spokeswoman|group|"
    r"report|study|poll|survey|analysis|campaign|lawmaker|lawmakers|candidate|voter|voters|expert|experts))\s*$"
)


# A subordinator inside a phrase taken for a speaker: the clause it opens holds the speaker ("Oil fell after
# sources told …"). "after", "before", "since", "until" are prepositions too ("Many residents after the storm
# said …"): they open a clause only after one with a verb of its own.
_SUBORDINATOR_INSIDE = re.compile(r"\s+(?:because|when|while|although|though)\s+")
_PREPOSITION_OR_SUBORDINATOR = re.compile(r"\s+(?:after|before|since|until|once)\s+")


def _after_subordinator(phrase: str) -> str:
    """The part of a speaker phrase after the subordinator that opens a clause in it, else the phrase."""
    phrase = _SUBORDINATOR_INSIDE.split(phrase)[-1]
    parts = _PREPOSITION_OR_SUBORDINATOR.split(phrase)
    return parts[-1] if len(parts) > 1 and _FINITE_BEFORE.search(parts[0]) else phrase


# A verb of its own before "after" ("Oil fell", "Prices rose", "The team lost"): a clause, not a noun phrase.
_FINITE_BEFORE = re.compile(
    r"\b(?:[a-z]{2,}ed|fell|rose|won|lost|grew|came|went|made|took|left|is|are|was|were|has|have|had)$"
)


def _lower_subject(left: str, *, anywhere: bool = False) -> str:
    """A speaker phrase without a capital that starts a clause: "one source", "experts".

    ``anywhere``: a determiner phrase that ends ``left`` ("... from a young child").
    """
    if anywhere:
        match = _DETERMINED_BEFORE.search(left[-60:])
        return match.group("np") if match else ""
    demonstrative = _DEMONSTRATIVE_SUBJECT.match(left) if not anywhere and len(left) < 60 else None
    if demonstrative:
        return demonstrative.group("np")  # "That person said ..."
    tail = left[-80:]
    if len(left) > 80:
        tail = "\x00" + tail.partition(" ")[2]  # no clause starts at the cut
    match = _SUBJECT_BEFORE.search(tail)
    if not match:
        return ""
    np = _CONJUNCTION_FIRST.sub("", match.group("np"))
    np = _after_subordinator(np)  # "Oil fell after sources (told Reuters)": the sources
    parts = np.lower().split()
    # Prepositions may qualify the subject ("proponents of more controls"), not start it.
    if (
        not parts
        or any(p in _NOT_IN_SUBJECT for p in parts)
        or parts[0] in _PREPOSITIONS
        or parts[-1] in _PREPOSITIONS
        or (parts[-1].endswith(("ly", "ing")) and not (len(parts) > 1 and parts[0] in _ING_NOUN_DETERMINERS))
    ):
        return ""  # ("Speaking", "Separately"; but "The ruling says", "Another ranking says": a noun in -ing)
    return np


_ING_NOUN_DETERMINERS = frozenset("the a an another one this that each every".split())


# Saying, not believing or estimating: a whole noun phrase is the speaker only before these.
_SPEECH_VERBS = _SAY_VERBS - frozenset(
    "believe believes believed estimated estimate predict predicted observed recalled think thinks".split()
)
_PARENTHESIS = re.compile(r"\s*\([^()]{1,120}\)")
_ASIDE = re.compile(
    r",\s+(?:however|though|meanwhile|too|in turn|for their part|for his part|for her part),?\s*$", re.IGNORECASE
)
_FINITE_WORDS = frozenset(
    "is are was were has have had would will can could does did do should may might must am be been being "
    "said says say told".split()
)
_RELATIVE = frozenset("who whom whose that which".split())


def _subject_phrase(left: str) -> str:
    """The whole noun phrase before a saying verb, when nothing else is there: "Proponents of the new bill,
    however,", "But Republican activists clamoring to block X", "..., multiple sources privy to the talks",
    "Sen. Jo Smith (a Democrat ...)". A phrase holding a verb of its own (outside a relative clause) is a
    clause, no speaker."""
    phrase = _ASIDE.sub("", _PARENTHESIS.sub("", left)).rstrip()
    if not phrase or phrase[-1] in ',;:”"’' or len(phrase) > 160 or ":" in phrase:
        return ""  # (after "NAME:" a transcript's turn speaks)
    phrase = re.split(r",\s+(?:but\s+|and\s+)?|;\s+|\s+but\s+", phrase)[-1]  # after a leading clause
    # ("Oil fell after sources (told Reuters …)": the clause a subordinator opens, not the one before it)
    phrase = _after_subordinator(phrase)
    words = phrase.split()
    while words and words[0].lower() in ("but", "and", "so", "yet", "still", "now", "instead"):
        words.pop(0)
    if (
        not 1 < len(words) <= 14
        or words[0].lower() in _PREPOSITIONS
        or words[0].lower() in _LEADING_WORDS
        or words[0].lower() in _NO_SPEAKER_WORDS
    ):
        return ""
    relative = next((k for k, w in enumerate(words) if w.lower() in _RELATIVE), len(words))
    if relative < 1 or any(w in _FINITE_WORDS or w.lower() in PRONOUNS or w == "that" for w in words[:relative]):
        return ""
    phrase = " ".join(words[:relative])
    if _CUE.search(phrase) or not any(
        (w[:1].isupper() and (k or w.lower() not in _DETERMINERS))
        or w.lower() in _SOURCE_NOUNS
        or w.lower() in _PEOPLE_HEADS
        or (w.endswith(_AGENT_ENDS) and w.lower() not in _NOT_AGENTS)
        for k, w in enumerate(words[:relative])
    ):
        return ""  # "prosecutors alleged that Noel", "soon after": a clause or an adverb, nobody
    return " ".join(words)


# "He"/"she"/"they" opening a sentence as its subject, before its verb: "She also compared A to B, saying ...".
_PRONOUN_SUBJECT = re.compile(
    r"\s*(?:(?:But|And|So|Yet|Still|Then|Later|Now|Instead),?\s+)?(?P<np>He|She|They)\s+(?=(?:[a-z]+ly\s+|also\s+|"
    r"then\s+|later\s+|again\s+)*(?!(?:is|was|are|were|has|had|have|will|would|could|can|may|might)\b)[a-z]{3,}\b)"
)


# An infinitive's "to" before the cue, after a verb's phrase: "shifted his account to (say)".
_TO_BEFORE = re.compile(r"[a-z]\s+to\s+$")
# A sentence opening with a role and the person it names in an apposition: "Another diplomat, former envoy to
# Ruritania Kim Vale, (shifted …)".
_ROLE_THEN_NAME_APPOSED = re.compile(
    r"\s*(?:(?:But|And|Yet)\s+)?(?:An?|The|Another|One|Her|His|Their)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*,\s+"
    r"(?:[\w.’'-]+\s+){0,6}?(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'-]+){1,2}),\s+[a-z]"
)


# An amount after "added": "(added) 20.72 points", "(adds) about $3 billion", "(added) another 1.5%".
_AMOUNT_AFTER = re.compile(
    r"\s+(?:(?:about|nearly|almost|roughly|some|another|a\s+further|an\s+additional|more\s+than|over)\s+)?[$€£¥]?\d"
)
# Who is led to say it: "(The timing) led Republicans to (say)".
_LED_TO = re.compile(
    r"\b(?:led|leads|leading|prompted|prompts|prompting|caused|causes|causing|drove|drives|driving|spurred|spurs|"
    r"spurring)\s+(?P<np>(?:[Tt]he\s+|[Mm]any\s+|"
    r"[Ss]ome\s+)?[A-Za-z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*){0,2}?)\s+to\s+$"
)
# A subject, then its verb: "(the court's conservatives) seemed (ready to)".
_VERB_IN_PHRASE = re.compile(
    r"(?P<np>.+?)\s+(?:[a-z]+ed|went|came|took|made|got|rose|began|stood|sat|moved|turned)\b(?=.*\bto$)"
)


def _infinitive_subject(left: str, phrase: str) -> str:
    """Who does the act whose infinitive the cue is ("… shifted his account to say"), ``phrase`` the words taken
    for the speaker ("Jo Ames shifted his account to"): one led to say it ("led Republicans to say"), the person
    an opening role names in an apposition, the sentence's subject or the phrase before its verb; "" when the
    saying is asked of someone ("asked her to say")."""
    led = _LED_TO.search(left)
    if led:
        return led.group("np")
    if re.search(
        r"\b(?:asked|urged|told|pressed|forced|ordered|wants?|wanted|called\s+on|allowed|encouraged|"
        r"pushed|invited|expected|required|begged)\s+(?:\S+\s+){0,3}to\s+$",
        left,
    ):
        return ""
    apposed = _ROLE_THEN_NAME_APPOSED.match(left)
    if apposed:
        name = apposed.group("name")
        if left[: apposed.start("name")].rstrip().endswith((" to", " for", " of", " in", " at")):
            name = _person_tail(name, where=True) or name  # "envoy to Ruritania Kim Vale": not the place
        if is_person(_strip_titles(name)):
            return name
    subject = _sentence_subject(left)
    if subject and subject.split()[-1] != "to":
        return subject
    before = _VERB_IN_PHRASE.match(phrase)
    return before.group("np") if before else ""


def _pronoun_subject(left: str) -> str:
    """The pronoun a sentence opens with as its subject ("She" in "She also compared ..., saying"), or ""."""
    match = _PRONOUN_SUBJECT.match(left)
    return match.group("np") if match else ""


def _sentence_subject(left: str, *, heads: bool = False) -> str:
    """The subject that starts a sentence: "Kaine" in "Kaine decried that math, saying ...". ``heads``: a
    capitalised qualifier goes with the lower-case head after it ("His chief aide", not "His"); the learnt
    ranker's features read the subject without it."""
    when = _OPENING_TIME.match(left) or _OPENING_PHRASE.match(left)
    match = _SUBJECT_START.match(left, when.end() if when else 0)
    if not match:
        # "Clinton, who was speaking to the mayors, did not name him, but told …": the name before the clause.
        relative = _NAME_THEN_RELATIVE.match(left, when.end() if when else 0)
        named = relative.group("np") if relative else ""
        if not named or named.split()[0].lower() in _NOT_OPENING_NAMES or named.endswith("ing"):
            return ""  # ("Speaking on CNN, …" opens with no subject)
        return named
    np = match.group("np")
    first = np.split()[0].lower()
    if (
        first in _PREPOSITIONS
        or first in _NOT_IN_SUBJECT
        or (len(np.split()) == 1 and first.endswith("ing") and not when)
    ):
        return ""  # "Speaking at a rally, ..." opens with no subject
    if any(w in _CLAUSE_WORDS for w in np.lower().split()[1:]) or _CUE.search(np):
        return ""  # "some strategists fear that Clinton (has …)": a clause ran into the subject
    np = _TIME_TAIL.sub("", np) or np  # "The court on Tuesday overturned …": when is no part of who
    if len(np.split()) == 1 and ((np.lower().endswith("ing") and not when) or np.lower().rstrip(".") in TITLES):
        return ""  # "Speaking Sunday on ABC, …", "Former prosecutor and Mayor Jo Ames, …": no subject
    qualifier = np[:1].isupper() and np.split()[0] not in ("The", "A", "An")
    person = _role_then_person(left, match.end()) if qualifier else ""
    if person:
        return person  # "Presumptive Democratic presidential nominee Jo Smith said": the person, not "Democratic"
    if when and _POSSESSIVE_END.search(np):
        return ""  # "In addition to ..., Bolivia's public defender's office said": not "Bolivia"
    # (a person's name is no qualifier: "Paul Ryan thanks voters" ends in "Ryan", not a demonym)
    qualifies = (
        heads
        and qualifier
        and _QUALIFIER.fullmatch(np.split()[-1])
        and (not is_person(np) or bool(_QUALIFIER.fullmatch(np.split()[0])))
    )
    head = _QUALIFIED_HEAD.match(left, match.end()) if qualifies else None
    head_words = head.group("head").split() if head else []
    for size in range(len(head_words), 0, -1):
        if _people_word(head_words[size - 1]):
            # "His chief aide doubled down, saying …", "Other Green candidates have followed, saying …", "Several
            # polls show …": the capitalised words qualify the subject; its head is the lower-case noun after them.
            return " ".join([np, *head_words[:size]])
    if np.endswith(("’s", "'s")):
        # "China’s ambassador to Britain accused ... and warned that ...": the whole subject, not "China’s"
        verb = _CUE.search(left, match.end())
        phrase = _subject_phrase(left[: verb.start()]) if verb else ""
        if phrase.startswith(np):
            return phrase
        head = _POSSESSED_HEAD.match(left, match.end())
        # "Ryan’s campaign shrugged off the remarks, telling reporters …": the possessor's campaign
        return np + head.group("head") if head else ""
    return np


# Capitalised words that only qualify a subject's lower-case head: a possessive or a quantifier ("His chief aide",
# "Several polls"), a people's or a party's adjective ("Syrian hackers", "Other Green candidates"), an acronym
# ("GOP operatives").
_QUALIFIER = re.compile(
    r"His|Her|Their|Its|Our|My|Some|Several|Many|Most|Other|Both|Few|All|One|Two|Three|Initial|Subsequent|Public|"
    r"Private|Early|Latest|Recent|Independent|[A-Z][a-z]+(?:an|ian|ese|ish|ic|i)|[A-Z]{2,5}"
)
# The head after them: one or two lower-case words, no verb nor adverb (the longest that ends in a noun for people).
_QUALIFIED_HEAD = re.compile(
    r"(?P<head>(?:\s+(?!(?:has|have|had|is|was|were|did|does|will|would|could|can|may|might|should|must|told|said|"
    r"says|tells|made|took|gave|went|came|met|spoke|wrote|sent|held|kept|ran|won|lost|put|set|hit|led|got|saw|"
    r"also|then|now|still|just|and|or|but|of|in|on|at|for|to|with|by)\b)(?![a-z]+(?:ed|ly)\b)[a-z][\w-]*){1,2})"
    r"(?!\s+[A-Z])"  # ("Republican pollster Jo Ames": a role before a name, which the name's rules read)
)
_DATA_HEADS = frozenset("polls surveys estimates figures data records results numbers documents reports".split())


def _people_word(word: str) -> bool:
    """Whether a lower-case noun names who or what may speak: people ("aide", "candidates"), sources ("polls")."""
    return (
        word in _SOURCE_NOUNS
        or word in _PEOPLE_HEADS
        or word in _DATA_HEADS
        or bool(_ROLE_HEAD.fullmatch(word.rstrip("s")))
        or (word.endswith(_AGENT_ENDS) and word not in _NOT_AGENTS)
    )


# Lower-case words of a role between a capitalised qualifier and a person's name: "(Democratic) presidential
# nominee (Jo Smith)", "(White House) hopeful", "(Clinton) campaign spokesman". The last word names a role, so a
# verb ("Trump attacked Jo Smith") never reads as one.
_ROLE_HEAD = re.compile(
    r"(?:nominee|candidate|front-?runner|hopeful|contender|rival|opponent|challenger|incumbent|spokes(?:man|woman|person)|"
    r"member|chair(?:man|woman)?|aide|ally|adviser|advisor|manager|director|strategist|pollster|economist|"
    r"analyst|official|leader|head|chief|secretary|minister|governor|senator|congress(?:man|woman)|lawmaker|"
    r"representative|president|executive|founder|co-founder|attorney|lawyer|counsel|host|anchor|columnist|"
    r"correspondent|editor|writer|author|historian|scientist|professor|researcher|activist|organizer|organiser|"
    r"operative|consultant|donor|mogul|star|actor|actress|singer|rapper|commentator|pundit|veteran|delegate)"
)
_ROLE_NAME_AFTER = re.compile(
    r"(?P<role>(?:\s+[a-z][\w-]*){1,3})\s+(?P<name>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|al|bin)){1,3})"
    r"(?=\s+[a-z]|\s*[,(])"
)


def _role_then_person(text: str, at: int) -> str:
    """The person named after a capitalised qualifier's lower-case role, from ``at`` (the qualifier's end):
    " presidential nominee Jo Smith said" → "Jo Smith"; "" when the words between name no role."""
    match = _ROLE_NAME_AFTER.match(text, at)
    if not match:
        return ""
    role = match.group("role").split()
    if not _ROLE_HEAD.fullmatch(role[-1]) or any(w in _NOT_IN_SUBJECT or w in _PREPOSITIONS for w in role):
        return ""
    name = match.group("name")
    return name if is_person(_strip_titles(name)) else ""


# A cue that ends its clause: a comma and a conjunction follow, and what follows is not what was said.
_CUE_THEN_CLAUSE = re.compile(r"\s*,\s+(?:but|and|yet|while|although|though)\s(?![^.;]*?(?:,\s+that\b|:))")


def _object_relative(before: str, right: str) -> bool:
    """Whether an act's subject stands in a relative clause whose object is the noun before it: "(a tariff) that
    (the administration had planned to impose)", or, with no relative pronoun, a verb with no object after it
    ("the purchases (Mr. Trump requested) — …")."""
    relative = _NOUN_THAT.search(before)
    if relative and not _CUE.search(before, max(0, relative.start())) and not _COPULA_BEFORE.search(before):
        return True
    noun = _NOUN_AT_END.search(before)
    # ("In the interview Smith apologized for …": a phrase after a preposition, no object of the verb)
    if not noun:
        return False
    words_before = before[: noun.start()].split()
    after_preposition = bool(words_before) and words_before[-1].lower() in _SCENE_PREPOSITIONS
    return not after_preposition and bool(_NO_OBJECT.match(right))


# Prepositions whose phrase sets a scene before a subject ("In the interview Smith apologized"), not those after which
# a reduced relative clause is common ("complained about the cuts Trump proposed").
_SCENE_PREPOSITIONS = frozenset("in on at during after before with for from by of into over under among".split())
# A noun and a relative pronoun before an act's subject: "a 15 percent tariff that ", "the lander, which ".
_NOUN_THAT = re.compile(
    r"\b(?!(?:so|such|now|and|but|or|is|was|are|were|be|been)\b)[a-z]{3,}\s+(?:that|which|whom)\s+$"
)
# "It is clear that …", "It is no secret that …": a complement clause after a copula, no relative one.
_COPULA_BEFORE = re.compile(r"\b(?:is|was|are|were|be|been|’s|'s)\s+(?:[\w-]+\s+){1,3}(?:that|which|whom)\s+$")
# A determiner's noun phrase just before the subject (a reduced relative clause: "the massive purchases ").
_NOUN_AT_END = re.compile(r"\b(?:the|a|an|these|those|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}[a-z]{3,}\s+$")
# Nothing the verb takes after it: a dash, a comma, a full stop, or a preposition's phrase.
_NO_OBJECT = re.compile(r"\s*(?:[—–,.;]|--|\s(?:into|onto|from|at|in|on|for|with)\s+the\b)")


def _writers_clause_after(sentence: str, cue_end: int, speaker_start: int) -> bool:
    """Whether ", but/and/yet/while/though …" after the cue opens the writer's own clause ("smaller than what
    McKinley said, but his number is …"), so that the cue reports nothing after it. Not after a trailing tag, a
    speaker phrase that follows a comma, a dash or a closing quotation mark ("…, researchers reported, though the
    trial was small"), nor when a later ", that" or colon closes an aside ("Biden said, while visiting Kyiv, that
    …")."""
    return bool(_CUE_THEN_CLAUSE.match(sentence, cue_end)) and not sentence[:speaker_start].rstrip().endswith(
        (",", "—", "–", "”", '"')
    )


def _speaker_start(sentence: str, cue_start: int) -> int:
    """Where the speaker phrase just before a cue starts (the cue itself when none stands there)."""
    left = sentence[:cue_start]
    phrase = _np_before(left) or _lower_subject(left)
    at = left.rstrip().rfind(phrase) if phrase else -1
    return at if at >= 0 else cue_start


# What one claims as one's own after "claimed" (no "that" follows: the claim is the act's object).
_CLAIMED_OWN = re.compile(
    r"\s+(?:responsibility|credit|victory|success|ownership|(?:an?|the)\s+(?:\w+\s+)?(?:victory|win))\b"
    # ("claimed victory was within reach": a clause, what was claimed)
    r"(?!\s+(?:was|is|were|are|would|will|had|has|could|can|might|may|should|must|lay|lies)\b)"
)
# Words that show a clause ran into a subject phrase.
_CLAUSE_WORDS = frozenset("that which who whom whose is are was were has have had will would said says".split())
# A name opening the sentence, a relative clause between commas, then the predicate.
_NAME_THEN_RELATIVE = re.compile(
    r"\s*(?:(?:But|And|So|Yet|Still|However|Meanwhile|Then|Now),?\s+)?"
    # (or a participle's aside: "House Democrats, looking for a way to …, seized the floor and said …")
    # (or an apposition: "Huma Abedin, vice chairwoman for the campaign, emailed supporters, telling them …")
    r"(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+(?:who|which|[a-z]{3,}ing|the|a|an|his|her|its|their|[a-z]+)\s"
    r"[^,;:“”\"]{1,120},\s+(?=[a-z]+(?:ed|[^s\W]s)\b|(?:has|have|had|is|was|will|would|did|does|told|said|made|"
    r"took|gave|sent|put|wrote|went|came|met|spoke)\b)"
)
_SQUEEZED = re.compile(r"\s+")
# The head noun after a possessive opening the sentence, before its verb: "(Ryan’s) campaign (shrugged off …)".
_POSSESSED_HEAD = re.compile(
    r"(?P<head>(?:\s+(?!(?:has|have|had|is|was|were|did|does|will|would)\b)[a-z][\w-]*){1,2}?)"
    r"(?=\s+(?:[a-z]+ed|has|have|had|is|was|were|did|does|will|would|could|can|told|said|gave|made|took|sent|put)\b)"
)


# An apposition or a relative clause after a speaker named after the cue: ", the director of X, who also
# said that ...": description of the speaker, however long and whatever it reports.
# (also an age, "said Jo Ames, 59, of Springfield", and a time's word, "then her agent")
_APPOSITION_AFTER = re.compile(r"\s*,\s+(?:(?:who|whose|a|an|the|his|her|their|its|then|now|formerly|also)\s|\d{1,3},)")


# A capitalised qualifier's lower-case head ending a speaker phrase: "the Florida senator", "the Ohio Republican's
# aide" ("the" and the capitalised words before it are matched by _NP_AFTER).
_LOWER_HEAD = re.compile(r"\s+[a-z][\w-]*(?:\s+at\s+the\s+time)?(?=\s*(?:[,.;:!?]|$))")
# The person a role names next: "the American ambassador at the time, John E. Herbst."
_APPOSED_NAME = re.compile(
    r"(?:\s+at\s+the\s+time)?,\s+(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,3})(?=\s*(?:[,.;!?]|$))"
)


def _speaker_after(right: str, *, final: bool = False) -> str:
    """The speaker phrase that starts ``right`` (after a cue), or "".

    ``final``: the speaker ends the sentence, but for an apposition or a time
    ("..., said Jo Smith, a lawyer, on Monday."), and is no pronoun.
    """
    match = _NP_AFTER.match(right)
    if match and match.group("np").lower() in PRONOUNS and final:
        return ""
    if not match or match.group("np").split()[-1].lower() in _NOT_SPEAKERS:
        match = _SPEAKER_AFTER.match(right)
        # "said the former top aide to President Jo Smith": "to" after a role is part of the speaker.
        if not match or any(p in _NOT_IN_SUBJECT for p in _ROLE_TO.sub(" ", match.group("np").lower()).split()):
            return ""
    np, end = match.group("np"), match.end()
    head = _LOWER_HEAD.match(right, end) if np.startswith("the ") else None
    if head:
        np, end = np + right[end : head.end()], head.end()  # "said the Florida senator": not "the Florida"

    named = _APPOSED_NAME.match(right, end) if np.lower().startswith("the ") else None
    if named and is_person(_strip_titles(named.group("name").rstrip("."))):
        np, end = named.group("name").rstrip("."), named.end()  # "the ambassador at the time, Jo Ames": Jo Ames
    longer = _TITLED_ON.match(right, end) if _TITLE_ABBREVIATION_END.search(np) else None
    if longer:
        np, end = np + longer.group(0), longer.end()  # "said former Wisconsin Gov. Jo Smith": not "Wisconsin Gov"
    particle = _NAME_PARTICLE_ON.match(right, end) if np[:1].isupper() else None
    if particle:
        np, end = np + particle.group(0), particle.end()  # "said Pierre de Vos, a professor": not "Pierre"
    if np.endswith(".") and len(np.split()[-1]) > 2 and not _ABBREVIATION_END.search(np):
        np, end = np[:-1], end - 1  # "... W. Bush." ends the sentence, not the name
    named = _ROLE_THEN_NAME.match(right, end) if np.lower() not in PRONOUNS else None
    if (
        named
        and is_person(_strip_titles(named.group("name")))
        and not any(w in _NOT_IN_SUBJECT or w in _PREPOSITIONS for w in named.group("role").split())
    ):
        # "said Democratic pollster Stan Greenberg", "said Monmouth University political scientist
        # Patrick Murray": the person after the qualifier and the role, not the qualifier.
        np, end = named.group("name"), named.end()
    apposed = _ROLE_THEN_APPOSED_PERSON.match(right, end) if final and np[:1].islower() else None
    between = right[end : apposed.start("name")].lower().split() if apposed else []
    if between and (between[-1] in _PREPOSITIONS | {"of", "to"} or _RELATIVE & set(between)):
        apposed = None  # "…, said a neighbor, a longtime friend of Maria Lopez.": the neighbor, not whom she knows
    if apposed and np.lower() not in PRONOUNS and is_person(_strip_titles(apposed.group("name"))):
        # "..., said another witness in the inquiry, former adviser Dana Hull.": the person the role goes on to name
        np, end = apposed.group("name"), apposed.end()
    if final:
        rest = right[end:]
        goes_on = len(rest) > 200 or (rest.strip(' .!?"”’') and (rest.lstrip()[:1] not in ",(" or _CUE.search(rest)))
        if goes_on and not _SPEAKER_TAIL.match(rest) and not _APPOSITION_AFTER.match(rest):
            return ""
    return np


# A lower-case role ending the sentence with the person it names after a comma, the role perhaps placed first:
# " another witness in the inquiry, former adviser Dana Hull.", " a spokesman, Jo Ames."
_ROLE_THEN_APPOSED_PERSON = re.compile(
    r"(?:\s+(?:in|of|at|for|on|to|with|from)\s+[^,;:“”\"]{1,60}?)?,\s+(?:[A-Za-z][\w.’'-]*\s+){0,5}?"
    r"(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'-]*){1,2})(?=\s*[.!?]?\s*$)"
)
# A title's abbreviation ending a speaker phrase that goes on with the name: "Gov" in "former Wisconsin Gov. Jo Smith",
# "Lt" in "retired Army Lt. Gen. Jo Ames".
_TITLE_ABBREVIATION_END = re.compile(r"\b(?:Gov|Sens?|Reps?|Lt|Gen|Col|Maj|Sgt|Capt|Cmdr|Adm|Rev|Dr|Prof|Supt|Insp)$")
_TITLED_ON = re.compile(
    r"\.(?:\s+(?:Gen|Col|Gov|Sen|Rep)\.)?(?:\s+[A-Z][\w’'-]*\.?){1,3}"
    r"(?=\s*(?:[,;:!?(]|\.?$|\.\s|\s+(?:who|of|in|at)\b))"
)
# A surname's particle after a first name: "Pierre de Vos", "Ludwig van Beethoven".
_NAME_PARTICLE_ON = re.compile(
    r"(?:\s+(?:de|da|del|della|der|den|van|von|le|la|du|dos|bin|al|ibn))+\s+[A-Z][\w’'-]+(?=\s*(?:[,.;:!?(]|$))"
)


# What a speaker issues before "saying": "issued a statement saying ...", "released a video saying ...".
_ISSUED_BEFORE = re.compile(
    r"\s+(?:(?:also|later|quickly|then|has|have|had)\s+)*(?:issued|issues|released|releases|put\s+out|posted|posts|sent|"
    r"published|tweeted)\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:statements?|letters?|tweets?|"
    r"videos?|memos?|emails?|messages?|releases?|notes?|ads?)"
    # (and when: "issued a statement on Sunday insisting ...", "released a statement Wednesday saying ...")
    r"(?:\s+(?:on|late|early|last|this|earlier|later)(?:\s+[A-Z]?[a-z]+){1,2}|\s+(?:yesterday|today|overnight)"
    r"|\s+" + _WEEKDAY + r"(?:\s+(?:morning|afternoon|evening|night))?)?\s*,?\s*$"
)
# Lower-case role words, then a name: " pollster Stan Greenberg", " political scientist Patrick Murray".
_ROLE_THEN_NAME = re.compile(
    r"(?P<role>(?:\s+[a-z][\w-]*){1,4})\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3})\b"
)


# Capitalised words opening a sentence that are no name: "There, the plans will anger Putin".
_OPENING_ADVERBS = frozenset(
    "there here still now then yesterday today tonight tomorrow meanwhile however instead also later earlier "
    "overall separately again elsewhere afterwards nevertheless indeed instead thus so yet "
    # (a share's adverb left of its cut-off "half": "Almost half said …")
    "almost nearly roughly about approximately just only".split()
)


def _is_apposition(left: str) -> bool:
    """Whether ``left`` (ending in ", ") ends with "Name, an apposition, "."""
    head, _, appos = left[:-2].rpartition(",")
    if not head or len(appos.split()) > 8:
        return False
    head = head[-80:].rstrip()
    named = _NP_BEFORE.search(head)
    if named and named.group("np").lower() in _OPENING_ADVERBS:
        return False  # "There, the plans will anger Putin, said ...": an adverb, no name
    before = head[: named.start()].rstrip().rsplit(None, 1)[-1:] if named else []
    if named and (
        named.group("np").split()[0].lower() in _PREPOSITIONS or (before and before[0].lower() in _PREPOSITIONS)
    ):
        return False  # "In Kyiv, the plans will anger Putin, said ...": a place, no name with an apposition
    return bool(named and named.group("np")[:1].isupper())


def _act_start(sentence: str, left: str, np: str, verb: int) -> int:
    """Where an act's subject starts when it stands next to the verb ("He also agreed to return ..."),
    else -1. The span keeps the verb; the standalone text reads from the subject, so that it is whole
    ("Jo Smith also agreed to return the cash ...", not "agreed to return the cash ...")."""
    at = left.rstrip().rfind(np)
    if at < 0:
        return -1
    gap = _ACT_SUBJECT_GAP.fullmatch(left, at + len(np))
    if not gap:
        # "Jo Smith, who won the seat in 2018, promised to ...": an apposition between, kept in the standalone.
        apposed = _APPOSED_GAP.match(left, at + len(np))
        if not apposed or not _ACT_SUBJECT_GAP.fullmatch(left, apposed.end()):
            return -1
    start = _trim(sentence, at, verb, cut=False)[0]
    return start if start < verb else -1


# An apposition or a relative clause between an act's subject and its verb, between commas or dashes
# ("Andy Beshear — whose father, also as governor, implemented the act — promised to ...").
_APPOSED_GAP = re.compile(
    r",\s+(?:who|a|an|the|its|his|her|their|[a-z]+-year-old)\s[^,;:“”\"]{1,120},"
    r"|\s+[—–]\s+(?:who|whose|a|an|the|its|his|her|their)\s[^—–;:“”\"]{1,160}\s[—–]"
)
# Between an act's subject and its verb: adverbs and auxiliaries only ("also", "has since", "later").
_ACT_SUBJECT_GAP = re.compile(
    r"(?:\s+(?:[a-z]+ly|also|has|have|had|will|would|then|later|since|now|again|"
    r"once|still|even|already|never|not|did|does|do))*\s*"
)


def _trim(
    sentence: str,
    start: int,
    end: int,
    *,
    cut: bool,
    boundary_at: re.Pattern = _BOUNDARY,
    keep_lead: bool = False,
) -> tuple[int, int]:
    """Shrink [start, end) to the content: no quotes, spaces or trailing punctuation.

    ``cut``: end at the first clause boundary (``boundary_at``) after three words. ``keep_lead``: keep a
    linking word that opens it ("Instead, they failed …" going on from the claim's sentence before).
    """
    if cut:
        boundary = boundary_at.search(sentence, start, end)
        while boundary and len(sentence[start : boundary.start()].split()) < 3:
            boundary = boundary_at.search(sentence, boundary.end(), end)
        if boundary:
            end = boundary.start()
    while start < end and (sentence[start].isspace() or sentence[start] in _OPEN_Q + ",;:–—-"):
        start += 1
    opens_sentence = not any(ch.isalnum() for ch in sentence[:start])
    # (a quotation's own first word is no conjunction: 'said: “That would be good”' keeps its "That")
    quoted = start > 0 and sentence[start - 1] in _OPEN_Q
    lead = (_SENTENCE_LEAD_WORDS if opens_sentence or quoted else _LEAD_WORDS).match(sentence, start, end)
    if lead and not keep_lead:
        start = lead.end()
    while end > start and (sentence[end - 1].isspace() or sentence[end - 1] in ".,;:!?" + _CLOSE_Q):
        if sentence[end - 1] in "’”»" and any(q in sentence[start : end - 1] for q in "‘“«"):
            break  # the quote closes one opened inside the content
        if sentence[end - 1] == '"' and sentence.count('"', start, end - 1) % 2:
            break  # (a straight one: 'has "failed the families"')
        end -= 1
    return start, end


def _verbal_clause(rest: str) -> bool:
    """Whether what follows a cue opens a clause ("the plant will close"), not a noun phrase whose plural
    after a preposition only looks like a verb ("the plan to reporters on Monday", "the deaths of soldiers")."""
    match = _CLAUSE_START.match(rest)
    if not match:
        return False
    words = match.group(0).split()
    noun_before = _PREPOSITIONS | _DETERMINERS | {"to", "of", "his", "her", "its", "their", "our", "these", "those"}
    return not (len(words) >= 2 and words[-2].lower() in noun_before and words[-1].endswith("s"))


def _reporting(sentence: str, cue: re.Match) -> bool:
    """Whether a cue word reports ("did not show up", "showed up late": a phrasal verb, no finding)."""
    return not (cue.group("cue").startswith("show") and sentence.startswith(" up", cue.end()))


def _relative_report(sentence: str, left: str, np: str, start: int, end: int) -> tuple[int, re.Match, int] | None:
    """A report inside a relative clause ("The mayor, who says the budget is balanced, will face voters"): where
    what was said ends (before the comma closing the clause), that comma, and where the sentence's subject
    starts (the predicate after the comma is the outlet's claim, read from its subject). None otherwise."""
    if not _RELATIVE_REPORT.search(left):
        return None
    closes = _CLAUSE_COMMA.finditer(sentence, start, end)
    close = next((m for m in closes if _MAIN_PREDICATE.match(sentence, m.end())), None)
    subject_at = left.rstrip().rfind(np)
    if close is None or subject_at < 0:
        return None
    subject = _trim(sentence, subject_at, close.start(), cut=False)[0]
    return _trim(sentence, start, close.start(), cut=False)[1], close, subject


class _Found(NamedTuple):
    """An attributed content in one sentence (offsets into the sentence)."""

    start: int
    end: int
    claimant: str
    kind: str  # "quote": a quotation closed in the sentence; "open": one it leaves open; else ""
    stance: str = "asserts"
    joins: bool = False  # the second half of a quotation split by its speaker: one claim with the one before
    act: bool = False  # an act with an object ("urged voters to ..."): given way to any report in the sentence
    actor: int = -1  # an act's subject next to its verb, where the standalone text starts ("He also agreed ...")


# '"Judge," Brafman said, "I have never ...': after the speaker, the same quotation goes on.
# Also '"...," he said. "More of it." in one sentence (when the splitter keeps them together).
_SPLIT_QUOTE = re.compile(r"[^“\"”!?;:]{0,80}?[,.]\s*(?=[“\"])")


def _quote_goes_on(sentence: str, at: int, claimant: str) -> _Found | None:
    """The second part of a quotation interrupted by its speaker, from ``at`` (after the cue)."""
    split = _SPLIT_QUOTE.match(sentence, at)
    if not split or _CUE.search(sentence, at, split.end()):
        return None
    quoted = _QUOTE.match(sentence, split.end())
    if quoted:
        start, end = _trim(sentence, quoted.start("c"), quoted.end("c"), cut=False)
        kind = "quote"
    else:
        start, end = _trim(sentence, split.end(), len(sentence), cut=False)
        kind = "open"
    if end - start < 2:
        return None
    return _Found(start, end, claimant, kind, joins=True)


_POLL_WORD = re.compile(r"\b(?:polls?|polling|surveys?|surveyed|polled)\b", re.IGNORECASE)
# A candidate's standing "in most polls", "in the polls": no survey whose respondents speak in the sentence
# ("While he is running third in most polls, …, veteran Republicans said." is theirs).
_STANDING_BEFORE_POLLS = re.compile(r"\b(?:in|most|the|recent|national|early|state)\s+$")
# A share of people, the shape of a poll's result: "70 percent of", "Fifty-one percent", "a majority of".
_SHARE_OF = re.compile(
    r"\b(?:\d[\d.,]*\s*(?:percent|per\s+cent|%)|[A-Za-z]+(?:-[a-z]+)?\s+(?:percent|per\s+cent)"
    r"|(?:a|the)\s+(?:slim\s+|clear\s+|large\s+)?majority\s+of)\s",
    re.IGNORECASE,
)
# The pollster a sentence names: "a Gallup poll", "the Pew Research Center survey", "CNN/ORC poll",
# "a poll by Quinnipiac University", "a survey conducted for the Times by Ipsos".
_POLLSTER = re.compile(
    r"(?P<org>[A-Z][\w&.’'/-]*(?:\s+(?:[A-Z][\w&.’'/-]*|of|for|and))*?)(?:[’']s)?\s+(?:(?:new|latest|national|"
    r"online|telephone|monthly|weekly|tracking|exit|opinion)\s+)*(?:polls?|surveys?|"
    r"average\s+of\s+(?:(?:recent|the|national|state|[A-Z][\w-]*)\s+)*(?:polls|surveys))\b"
    r"|\b(?:polls?|surveys?)\s+(?:(?:conducted|commissioned|carried out|released|published)\s+"
    r"(?:(?:on\s+|last\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|today|"
    r"yesterday)\s+)?)?(?:by|from)\s+"
    r"(?:the\s+)?(?P<org2>[A-Z][\w&.’'/-]*(?:\s+(?:[A-Z][\w&.’'/-]*|of|for|and))*)"
)
_POLLSTER_BY = re.compile(
    # (also "The poll, released on Wednesday night by X,": a comma and a time before "by")
    r"\b(?:polls?|surveys?),?\s+(?:(?:conducted|commissioned|carried out|released|published)\s+"
    r"(?:(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|"
    r"today|yesterday|month)(?:\s+(?:night|morning|evening|afternoon))?\s+)?)?(?:by|from)\s+(?:the\s+)?(?P<org2>[A-Z][\w&.’'/-]*(?:\s+(?:[A-Z][\w&.’'/-]*|of|for|and))*)"
)
_ABBREVIATED = re.compile(r"(?:[A-Z]\.)+|Inc\.|Co\.|Corp\.|Ltd\.|Jr\.|Sr\.|Bros\.")
_NEW_PLACES = frozenset("York Jersey Hampshire Mexico Zealand Orleans England Delhi Yorker Republic".split())
_NOT_POLLSTERS = frozenset(
    "A An The New Latest This That Another Exit Opinion Its Their His Her Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday Monday’s Tuesday’s Wednesday’s Thursday’s Friday’s Saturday’s Sunday’s Today’s Yesterday’s".split()
)
# Who answers a poll, never its claimant: "Americans", "51 percent of voters", "a majority of Republicans",
# "those surveyed", "respondents".
_RESPONDENTS = re.compile(
    r"(?:[\w-]+\s+)*?(?:percent|per\s+cent|%|majority|minority|half|third|quarter|most|many|few|respondents|voters|"
    # (a people's name is capitalised: "Iowans", "New Yorkers"; "cement makers" are no poll's respondents)
    r"participants|those\s+(?:surveyed|polled|questioned|asked)|adults|residents|(?-i:[A-Z][a-z]+(?:ers|ese|ish|ns)))"
    r"(?:\s+.*)?",
    re.IGNORECASE,
)
# People who speak for someone, as a claimant's head: never a poll's respondents, whatever words qualify them.
_ROLE_HEADS = frozenset(
    "official officials spokesman spokeswoman spokesperson aide aides adviser advisers advisor advisors executive "
    "executives lawyer lawyers attorney attorneys analyst analysts economist economists researcher researchers "
    "scientist scientists source sources director chairman chairwoman president".split()
)
_SURVEY_INSTITUTION = re.compile(r"(?:[Tt]he\s+)?(?:[A-Z][\w.&-]*\s+){1,4}Survey")
_POLL_CLAIMANT = re.compile(
    r"(?:(?:a|an|the|new|latest|recent|exit|national|opinion|their|its)\s+)*(?:polls?|surveys?)"
    r"(?:\s+.*)?",
    re.IGNORECASE,
)


def _pollster(sentence: str) -> str:
    """The pollster a sentence names ("a new Gallup poll" → "Gallup"), or ""."""
    by = _POLLSTER_BY.search(sentence) if " by " in sentence or " from " in sentence else None
    matches = [*_POLLSTER.finditer(sentence), *([by] if by else [])]  # ("A national poll released by X")
    for match in matches:
        words = (match.groupdict().get("org") or match.group("org2") or "").split()
        while (
            words and words[0] in _NOT_POLLSTERS and not (words[0] == "New" and words[1:2] and words[1] in _NEW_PLACES)
        ):
            words.pop(0)  # ("A New York Times poll": the paper's name keeps its "New")
        while words and words[-1] in ("of", "for", "and"):
            words.pop()  # "a survey by Penelope Muse Abernathy of the University of North Carolina"
        if words and words[-1].endswith(".") and not _ABBREVIATED.fullmatch(words[-1]):
            words[-1] = words[-1][:-1]  # "… a survey by Jo Ames." : the sentence's full stop
        if words:
            return " ".join(words)
    return ""


def _poll_claimants(pollster: str, found: list[_Found], speakers: _Speakers, sentence: str = "") -> list[_Found]:
    """A poll's result is the pollster's when the sentence names one (``pollster``, from ``_pollster``;
    "the poll": the pollster the article named last), else nobody's (the outlet's sentence): never its
    respondents' ("Americans", "Fifty-one percent") nor an unnamed "a new survey"'s. Given the ``sentence``,
    a result the respondents state keeps them in its span: "52 percent of voters say the economy is getting
    worse" is the poll's finding, its figure and all."""
    kept = []
    for f in found:
        claimant = f.claimant
        respondents = (
            _RESPONDENTS.fullmatch(claimant)
            and not is_person(claimant)
            and claimant.split()[-1].lower() not in _ROLE_HEADS  # "A Freedom Partners official": no respondent
        )
        if _SURVEY_INSTITUTION.fullmatch(claimant):
            kept.append(f)  # "The U.S. Geological Survey said ...": an institution named Survey, no poll
            continue
        unnamed_poll = _POLL_CLAIMANT.fullmatch(claimant)
        named_poll = (
            not respondents
            and not unnamed_poll
            and (_POLL_WORD.search(claimant) or claimant.lower().endswith(("average", "averages")))
        )  # ("A Harbor Politics average shows ...": the average's maker, as a pollster)
        if respondents or unnamed_poll or named_poll:
            if not pollster and unnamed_poll and claimant.lower().startswith(("the ", "that ", "this ")):
                pollster = speakers.pollster  # "The poll found ...": the poll the article has named
            if pollster:
                start = _respondents_at(sentence, claimant, f.start) if respondents else f.start
                kept.append(f._replace(claimant=pollster, start=start))
            continue  # no pollster named: the outlet reports the result
        kept.append(f)
    return kept


def _respondents_at(sentence: str, respondents: str, start: int) -> int:
    """Where a poll's result starts when its respondents state it right before ("(most) Americans say that …"):
    at the respondents (and the quantifier before them); else ``start`` as it was."""
    at = sentence.lower().rfind(respondents.lower(), max(0, start - len(respondents) - 30), start) if sentence else -1
    if at < 0 or not _RESPONDENTS_THEN_CUE.fullmatch(sentence, at + len(respondents), start):
        return start
    share = _SHARE_BEFORE.search(sentence, max(0, at - 40), at)
    if share:
        return share.start()  # "(44 percent of) Americans say …"
    before = sentence[:at].split()
    if before and before[-1].lower() in _QUANTIFIERS:
        at = sentence.rfind(before[-1], 0, at)
    return at


# A share of the respondents before them: "44 percent of", "a majority of", "most of the".
_SHARE_BEFORE = re.compile(
    r"(?:\b\d[\d.,]*\s*(?:percent|per\s+cent|%)|\b[A-Za-z-]+\s+(?:percent|per\s+cent)|"
    r"\b(?:[Aa]|[Tt]he)\s+(?:large\s+|slim\s+|narrow\s+|clear\s+)?(?:majority|minority|third|quarter|half)|"
    r"\b(?:[Hh]alf|[Mm]ost|[Mm]any|[Ss]ome)|%)\s+of\s+(?:the\s+)?$"
)
# Between the respondents and their result: the cue and its link only ("say that ", "said ").
_RESPONDENTS_THEN_CUE = re.compile(r"\s+(?:also\s+|now\s+)?[a-z]+(?:\s+that)?\s*[:,]?\s*")


# A sentence set off in brackets: "(The book has sold 235,000 copies, according to Nielsen.)".
_BRACKETED = re.compile(r"\((?P<inner>[^()]{12,}?[.!?]?)\)\.?")


def _attributions_in_brackets(sentence: str, speakers: _Speakers) -> list[_Found]:
    """The attributions of a sentence, read inside the brackets that hold it whole (offsets into the sentence)."""
    bracketed = _BRACKETED.fullmatch(sentence)
    if not bracketed:
        return _attributions(sentence, speakers)
    at = bracketed.start("inner")
    return [
        f._replace(start=f.start + at, end=f.end + at, actor=f.actor + at if f.actor >= 0 else -1)
        for f in _attributions(bracketed.group("inner"), speakers)
    ]


def _attributions(sentence: str, speakers: _Speakers) -> list[_Found]:
    """Every attributed content in one sentence."""
    found: list[_Found] = []
    if len(sentence) > _LONGEST_ATTRIBUTED:
        return found  # no real sentence is this long, and each cue reads all the text before it
    quotes = list(_QUOTE.finditer(sentence))
    for cue in _CUE.finditer(sentence):
        left, right = sentence[: cue.start()], sentence[cue.end() :]
        if _NEGATED_REPORT.search(left[-40:]) or _NEITHER_NOR.search(left[-100:]):
            continue  # "X did not say that ...", "Neither X nor Y said ...": nobody claims the content
        if (
            _POSSESSOR_BEFORE.search(left[-40:])
            and cue.start() == cue.start("cue")
            and not _PARTICIPLE_FORM.fullmatch(cue.group("cue"))
            and not _ACT_LINKED.match(right)
        ):
            # "ignored Smith's calls", "Smith's calls for a truce went unanswered": a noun, no report ("Smith's
            # said" is one, and so is "Obama's claim that …": the content follows its link).
            continue
        if cue.group("cue") == "reports" and _REPORTS_AS_NOUN.search(left[-60:]):
            continue  # "Media reports that the minister quit were false": a noun, no report
        if cue.group("cue") in ("added", "adds") and _AMOUNT_AFTER.match(right):
            continue  # "the Nasdaq added 20.72 points": an amount gained, nothing said
        if cue.group("cue") == "ruled" and not re.match(r",?\s+(?:on\s+\w+\s+)?that\s", right):
            continue  # "ruled the country", "the rules say": no ruling that something is so
        if cue.group("cue") in ("think", "thinks") and right.startswith((" tank", "-tank")):
            continue  # "a think tank": a noun, no thinking
        as_reported = (
            _BY_AGENT.match(right) if cue.group("cue") in _COORDINATED_REPORTS and _AS_BEFORE.fullmatch(left) else None
        )
        comma = sentence.find(",", cue.end() + as_reported.end()) if as_reported else -1
        if as_reported and _WHEN_BEFORE_COMMA.fullmatch(sentence, cue.end() + as_reported.end(), max(comma, 0)):
            # "As reported by Western Journalism, the former secretary …": the clause after is what they reported.
            claimant = speakers.resolve(as_reported.group("np"))
            start, end = _trim(sentence, comma + 1, len(sentence), cut=False)
            if claimant and len(sentence[start:end].split()) >= 3:
                found.append(_Found(start, end, claimant, ""))
            continue
        if (
            cue.group("cue") in _COORDINATED_REPORTS
            and (
                _PASSIVE_CUE.match(cue.group(0))
                or _PASSIVE_BEFORE.search(left[-30:])
                # "The campaign, first reported by the Post, is …": a passive participle's aside after the subject
                or (
                    _REPORTED_ASIDE.search(left[-30:])
                    and right.startswith(" by ")
                    and not _FINITE.search(left[: left.rstrip().rfind(",")])
                )
            )
        ):
            # "O’Malley’s move was first reported by MSNBC": who reported it, not what was reported; the sentence is
            # theirs.
            agent = _BY_AGENT.match(right)
            claimant = speakers.resolve(agent.group("np")) if agent else ""
            if claimant:
                start, end = _trim(sentence, 0, len(sentence), cut=False)
                found.append(_Found(start, end, claimant, ""))
                continue
        if cue.group("cue").endswith("ing") and _GERUND_BEFORE.search(left[-12:]):
            continue  # "accused Trump of suggesting violence": a gerund after a preposition, nobody's report here
        if cue.group("cue") in ("charged", "charges") and not (_linked_report(right) or _ends_sentence(right)):
            continue  # "The club charged a fee", "charged with fraud": no report; "charged that …", '“…,” he charged.'
        denied = (
            _BY_AGENT.match(right)
            if cue.group("cue") in _DENIED_BY and _DENIED_SUBJECT.search(sentence, 0, cue.start("cue"))
            else None
        )
        claimant = speakers.resolve(denied.group("np")) if denied else ""
        if claimant:
            # "A photo of the meeting was denied by Andrew": Andrew's denial, what he denies and all (the
            # sentence's own clause, as an active denial keeps its verb); "The request was denied by the court"
            # is a refusal, no denial of a claim.
            after = _AFTER_AGENT.search(sentence, cue.end() + denied.end())  # ", hinting that …": the outlet's
            start, end = _trim(sentence, 0, after.start() if after else len(sentence), cut=False)
            found.append(_Found(start, end, claimant, "", "denies"))
            continue
        if cue.group("cue") in ("read", "reads") and not _DOCUMENT_BEFORE.search(left[-100:]):
            continue  # "She read the report": reading, no report; "the statement read" is one
        if _WHETHER_BEFORE.search(left[-60:]):
            continue  # "signals about whether he actually wants a deal": asked, not asserted
        if (
            cue.start() == cue.start("cue")
            and cue.group("cue") in _ADJECTIVE_CUES
            and _MODIFIER_BEFORE.search(left[-12:])
        ):
            continue  # "Epstein’s alleged ring", "an estimated 200,000": an adjective, no report
        # 1. '...,' he said / '...,' said Biden — the quote before the cue.
        quote = None
        for q in reversed(quotes):
            if q.end() > cue.start():
                continue
            between = _PAREN_TAIL.sub("", sentence[q.end() : cue.start()].strip(_BETWEEN))  # "Sen. Jo Ames (D-Ohio)"
            between = _without_title_list(between)
            if _CUE_THAT.search(sentence, 0, q.start()):
                break  # 'Scholz reiterated that NATO ‘is not ...,’ Putin retorted ...': the quote is Scholz's
            if not between or _SPEAKER_ONLY.match(between) or _APPOSED.match(between) or _titled_speaker(between):
                quote = q
            break
        if quote is not None:
            between = _without_title_list(_PAREN_TAIL.sub("", sentence[quote.end() : cue.start()].strip(_BETWEEN)))
            apposed = _APPOSED.match(between) if between and not _SPEAKER_ONLY.match(between) else None
            if apposed:  # '“...,” John Williams, the president of the bank, said.'
                between = apposed.group("np")
            elif (
                between and not _SPEAKER_ONLY.match(between) and _titled_speaker(between)
            ):  # '“...,” another friend, Mariam Emara, told CNN.'
                between = _NP_BEFORE.search(between).group("np")
            np = between or _speaker_after(right)
            if np in ("he", "she") and _THEN_QUOTED.search(sentence[: quote.start()]):
                # 'Jo Ames asserted that the city had lost its way: “…,” he claimed.': the sentence's own subject,
                # who has just spoken in it, not the last person quoted before.
                np = _subject_named_before(_THEN_QUOTED.sub("", sentence[: quote.start()]), speakers) or np
            claimant = speakers.resolve(np) if np else ""
            if claimant:
                start, end = _trim(sentence, quote.start("c"), quote.end("c"), cut=False)
                outer = sentence.rfind("“", 0, quote.start()) if sentence.startswith("”", quote.end()) else -1
                if outer >= 0 and "”" not in sentence[outer : quote.start()]:
                    # '“I then heard him ask, ‘So he’s going to do it?’” Holmes testified.': the quotation closing
                    # with the one inside it is Holmes's, from its own opening mark.
                    start, end = _trim(sentence, outer + 1, quote.end(), cut=False)
                prefix = sentence[: quote.start()]
                if (
                    quote.group("c")[:1].islower()
                    and _CLAUSE_BEFORE_QUOTE.search(prefix)
                    and not _CUE.search(prefix)
                    and (not _QUOTE_MARK.search(prefix) or _balanced_quotes(prefix))
                ):
                    # 'The plan has "failed the families it meant to help," Jo Smith said.': the quotation
                    # is part of a clause, and the claim is the whole clause, from its subject (to its closing mark;
                    # the standalone text drops a comma inside it: '… in drugs," he said').
                    start, end = _trim(sentence, 0, quote.end(), cut=False)
                if len(sentence[start:end].split()) >= 3:
                    found.append(_Found(start, end, claimant, "quote"))
                    after_speaker = cue.end() + (0 if between else len(right) - len(right.lstrip()) + len(np))
                    more = _quote_goes_on(sentence, after_speaker, claimant)
                    if more:
                        found.append(more)
                    continue
                # A quoted title or phrase ('fans of "Prison Break," Mr. Madden said'): the clause is the content.
        if left.endswith(", ") and cue.group(0) in _SAY_VERBS and not _is_apposition(left):
            # 1b. ..., said David Gilbert, its president. — the clause before, the speaker after.
            opener = _OPENER_ONLY.fullmatch(left)
            np = _speaker_after(right, final=not opener)
            speaker_end = right.find(np) + len(np) if np else -1
            if np and opener and right[speaker_end:].startswith(", "):
                # 'But, said Solovey, "I don't want to drum up conflict."': what follows the speaker is the content.
                start, end = _trim(sentence, cue.end() + speaker_end + 2, len(sentence), cut=False)
                claimant = speakers.resolve(np)
                if claimant and len(sentence[start:end].split()) >= 3:
                    found.append(
                        _Found(start, end, claimant, "quote" if sentence[start - 1 : start] in _OPEN_Q else "")
                    )
                continue
            if np:
                start, end = _trim(sentence, 0, len(left), cut=False)
                claimant = speakers.resolve(np)
                if claimant and len(sentence[start:end].split()) >= 3:
                    found.append(_Found(start, end, claimant, ""))
                continue
        word = cue.group("cue")
        if word.endswith("ing") and _PROGRESSIVE_AUX.search(cue.group(0), 0, cue.start("cue") - cue.start()):
            if word == "adding" and not re.match(r"\s*(?:,|:|that\b|[“\"])", right):
                continue  # "The company is (also) adding 500 jobs": a gain, nothing said ("is adding that …" is)
            # "TV networks are predicting …", "his team is suggesting that …": as "predicted", "suggested"
            word = _PROGRESSIVE_AS.get(word, word)
        issued = _ISSUED_BEFORE.search(left) if word in _PARTICIPLES else None
        if issued:
            # "The Trump campaign issued a statement saying ...": who issued it, not "a statement".
            # ("Military commanders had issued a statement": the whole subject, not its capitalised first word)
            head = left[: issued.start()]
            np = _np_before(head) or _lower_subject(head) or _sentence_subject(left, heads=True)
        elif (
            (word in _PARTICIPLES or word.endswith("ing"))
            and left.endswith(", ")
            and not found
            and _QUOTED_THEN_PARTICIPLE.search(left[-160:])
        ):
            # '“He would get choked up speaking about America,” Mr. Brown said, recalling a visit …': who the
            # quotation's close names, not a name inside the quotation.
            close = _QUOTED_THEN_PARTICIPLE.search(left[-160:])
            np = close.group("np") or close.group("np2") or ""
        elif word in _PARTICIPLES and left.endswith((", ", " by ", ",” ", ",” ", '," ')):
            # ..., saying that ... — the speaker is the one who spoke last or the sentence's subject.
            np = found[-1].claimant if found else (_sentence_subject(left, heads=True) or _pronoun_subject(left))
        elif word.endswith("ing") and left.endswith(", ") and found and found[-1].kind == "quote":
            # '“… about America,” Mr. Brown said, recalling a visit …': the speaker just quoted goes on.
            np = found[-1].claimant
        elif _SQUEEZED.sub(" ", left[-12:]).endswith((" and ", " but ", " and also ", " but also ")) and (
            word in _SAY_VERBS or word in _COORDINATED_REPORTS or word in _FINDINGS
        ):
            # X declined to name them but said ... — the sentence's subject.
            np = _sentence_subject(left, heads=True)
            who = _WHO_THEN_AND.search(left) if not np else None
            if who:
                np = who.group("np")  # "Sanders, who endorsed Canova and said he would …": inside his relative clause
        elif left.endswith(" who ") and not left.endswith(", who ") and word in _ACT_WORDS | _SAY_VERBS:
            # "… including a career Army officer who described the call as “improper.”", "voters who say …", "a
            # candidate who thinks …": a restrictive clause describes whom the sentence is about; nobody's report
            # (it was given to any name before it: "Sondland’s appearance").
            np = ""
        elif left.endswith(", who "):
            # ..., a young voter, who said ... — the phrase before "who".
            np = _np_before(left[:-6]) or _lower_subject(left[:-6], anywhere=True)
        elif ", whose " in left[-60:] and _WHOSE_AGENTS.search(left):
            # "…, a setback for Trump, whose attorneys argued that …": the possessor's agents speak.
            whose = _WHOSE_AGENTS.search(left)
            owner = _np_before(left[: whose.start()])
            np = f"{owner}’s {whose.group('agents')}" if owner else ""
        else:
            np = _np_before(left) or (_lower_subject(left) if word in _SAY_VERBS or word in _DENIALS else "")
            if not np and word in _CLAUSE_TAKING and (_linked_report(right) or _THAT_CLAUSE_BARE.match(right)):
                # "The candidate claimed that …", "The lawsuit claims the company hid …": a verb, since a clause
                # follows ("the candidate claims were false" is a noun), after a source's noun ("Trump's absurd
                # claim that …" is a noun too)
                phrase = _lower_subject(left)
                head = phrase.split()[-1].lower() if phrase else ""
                np = phrase if head in _SOURCE_NOUNS or head in _PEOPLE_HEADS else ""
            if not np and word in _CLOSING_REPORTS and _ends_sentence(right):
                # "…, officials confirmed.", "…, police reported.": a source after the clause it reports, the cue
                # ending the sentence.
                phrase = _lower_subject(left)
                head = phrase.split()[-1].lower() if phrase else ""
                if left.rstrip()[: -len(phrase) or None].rstrip().endswith(",") and (
                    head in _SOURCE_NOUNS or head.endswith(_RELATED_PEOPLE)
                ):
                    np = phrase
            if word in _SPEECH_VERBS and (not np or np.split()[-1].lower() in _NOT_SPEAKERS):
                np = _subject_phrase(left) or np  # "The report released in May says": not "May"
            if word in _SAY_VERBS and np and np.split()[-1] == "to" and _TO_BEFORE.search(left[-40:]):
                # "Jo Ames shifted his account of the meeting to say …": the one whose act it is, the sentence's
                # subject, not the act ("Jo Ames shifted … to").
                np = _infinitive_subject(left, np)
            if word in _FINDINGS and not _DATA_SOURCE.search(np):
                data = _DATA_BEFORE.search(left[-120:])
                np = data.group("np") if data else np  # "A CNN poll of Ohio released on Tuesday showed ..."
                if data and " " not in np:
                    # "In fact, one study in 146 people found ...": the whole phrase, not its head alone
                    phrase = _lower_subject(left)
                    np = phrase if np in phrase.split() else np
        event = None
        if np.lower() in ("he", "she"):
            # "When Bell was approached, he told police ...": the person the clause before names as its
            # subject, not the last person quoted.
            event = _POSSESSOR_EVENT.search(left[-160:])
            acting = np  # (the standalone text reads the act from it: "he asked …" → "Donald Trump asked …")
            # ("about Trump’s July 25 call when he asked …": the one whose call it was, not the last one quoted)
            np = event.group("np") if event else _subject_named_before(left[: left.rstrip().rfind(np)], speakers) or np
        if (
            not np
            or (
                right.startswith(" of ")
                and word not in _ACT_WORDS
                and not (word in _SAID_OF_CUES and _SAID_OF.match(right))
            )
            or left.endswith("-")
        ):
            continue  # (also "so-called", "self-described": no cue)
        if np.lower() in _NOT_HEADLINE_SOURCES and np.lower() not in _ANONYMOUS:
            continue  # "MORE: ...", "Watch: ...": page furniture, no speaker ("Sources say ..." is a report)
        if np.lower() in ("we", "i") and not any(q in sentence for q in _OPEN_Q + _CLOSE_Q) and not speakers.transcript:
            # "but we confirmed that ...", "I think the council has failed": the writers, in a sentence with no
            # quotation, are the outlet
            continue
        if np.lower() == "it" and _PASSIVE_CUE.match(cue.group(0)):
            continue  # "It was noted that ...", "It is believed that ...": an expletive, nobody speaks
        if _inside_quotation(left) and (word in _ACT_WORDS or np.lower() in ("i", "we", "you")):
            continue  # '“... I think they are waiting to be courted.”': the speaker's words, not a report
        # 2. X, Moscow says, while ... — the clause before the parenthetical cue.
        bare = _PAREN_TAIL.sub("", left.rstrip())  # "…, Sen. Jo Ames (R-Iowa) told POLITICO."
        tail = _CUE_TAIL.match(right) if bare.endswith(np) else None
        if tail and _ABBREVIATION_END.search(tail.group(0)):
            tail = None  # "Mr. Coleman said Mr. Kasich should ...": "Mr." ends no sentence
        before_np = _THE_AT_END.sub("", bare[: bare.rfind(np)].rstrip())
        titled = _TITLE_BEFORE_NAME.search(before_np) if tail and not before_np.endswith(",") else None
        if titled and not any(w.lower() in _NOT_IN_SUBJECT for w in titled.group(0).split()):
            before_np = before_np[: titled.start() + 1]  # "..., Wikileaks founder Julian Assange said."
        elif tail and not before_np.endswith(","):
            modified = _MODIFIERS_AFTER_COMMA.search(before_np)
            if modified and not any(
                w in _NOT_IN_SUBJECT or w in _PREPOSITIONS or w in _LEADING_WORDS for w in modified.group(1).split()
            ):
                before_np = before_np[: modified.start() + 1]  # "…, veteran Republicans said.": the clause before
        unquoted = before_np.rstrip(_CLOSE_Q)
        closing = len(unquoted) < len(before_np)
        if tail and tail.group(0).endswith(":") and not right[tail.end() :].strip():
            continue  # In a speech last July, he said: (the content comes next)
        if tail and tail.group(0).endswith(":"):
            # 'In a statement, the label said: “…”': what the colon opens is the content, not the clause before.
            tail = None
        if tail and (unquoted.endswith(",") or closing and unquoted.endswith(("?", "!"))):
            # (with a closing quote: '... the end of a quotation,” Ramos told AFP.')
            clause_end = len(unquoted) - 1 if unquoted.endswith(",") else len(unquoted)
            more = sentence[cue.end() + tail.end() :]
            # ("This campaign, he says, is different.": a short predicate goes on too)
            goes_on = len(more.split()) >= 3 or (len(more.split()) == 2 and _PREDICATE.match(more))
            if _RELATIVE_AFTER.match(more):
                goes_on = False  # "..., Jo Ames testified in Salem, where lawmakers ...": the place's clause
            if tail.group(0).endswith(",") and goes_on and not _THEN_CLAUSE.match(more):
                if (
                    _PREDICATE.match(more)
                    and (
                        len(sentence[:clause_end].split()) <= 4
                        or (len(sentence[:clause_end].split()) <= 12 and not _FINITE.search(sentence, 0, clause_end))
                    )
                ) or _CONDITION_FIRST.fullmatch(sentence, 0, clause_end):
                    # ("If the law conflicts with God's orders, Rubio said, Christians must ignore the law": the
                    # condition is part of what he said; without it the claim says the opposite of his)
                    # (also "Pivoting to deficit reduction too soon, economists say, limited the recovery":
                    # a subject with no verb of its own before the cue)
                    # Trump, she said, has created ... — both sides are the content.
                    start = _trim(sentence, 0, len(sentence), cut=False)[0]
                    end = _trim(
                        sentence, len(sentence) - len(more), len(sentence), cut=True, boundary_at=_CONTENT_ENDS
                    )[1]
                else:
                    # Over the years, she said, email has helped ... — the clause after.
                    start, end = _trim(
                        sentence, len(sentence) - len(more), len(sentence), cut=True, boundary_at=_CONTENT_ENDS
                    )
            else:
                start, end = _trim(sentence, 0, clause_end, cut=False)
                linked = list(_CUE_THAT.finditer(sentence, 0, clause_end)) if np.lower() in ("he", "she") else []
                if linked and closing:
                    # 'Jo Ames asserted that the city had lost its way: “It is lost,” he claimed.': what he asserted,
                    # from after "that", not the sentence's opening words.
                    start = _trim(sentence, linked[-1].end(), clause_end, cut=False)[0]
                if not closing and _LONE_SUBORDINATE.fullmatch(sentence, start, end):
                    continue  # "As the bill passed, Jo Ames testified ...": when she spoke, not what she said
            if len(sentence[start:end].split()) >= 3:
                claimant = speakers.resolve(np)
                if claimant:
                    found.append(_Found(start, end, claimant, "quote" if closing else ""))
            continue
        if word in _DENIALS:
            # Russia has denied having any invasion plans: Russia's claim is the negation, so
            # the span keeps the denial ("denied having any invasion plans").
            if word in _RULED_OUT:
                passive = _PASSIVE_CUE.match(cue.group(0)) or _PASSIVE_BEFORE.search(left)
                if passive or not _RULED_OUT_OBJECT.match(right):
                    continue  # "A vote was ruled out": by whom, the sentence may not say
            elif not _DENIAL_OBJECT.match(right):
                continue
            end = _trim(sentence, cue.start("cue"), len(sentence), cut=True, boundary_at=_CONTENT_ENDS)[1]
            relative = _relative_report(sentence, left, np, cue.start("cue"), end)
            if relative:  # "Mr Smith, who denies the accusation, has avoided extradition …"
                end = relative[0]
            claimant = speakers.resolve(np)
            if claimant and len(sentence[cue.start("cue") : end].split()) >= 2:
                found.append(_Found(cue.start("cue"), end, claimant, "", "denies"))
                if relative and not _CUE.search(sentence, relative[1].end()):
                    main_start, main_end = _trim(sentence, relative[1].end(), len(sentence), cut=False)
                    if len(sentence[main_start:main_end].split()) >= 3:
                        found.append(_Found(main_start, main_end, _NOBODY, "", actor=relative[2]))
            continue
        if word in _OPENING_ACTS:
            if (
                not _BEFORE_SUBJECT.fullmatch(left, 0, max(0, left.rstrip().rfind(np)))
                or _PASSIVE.search(cue.group(0))
                or np.lower() in _NO_ACTORS
            ):
                continue
            end = _trim(sentence, cue.start("cue"), len(sentence), cut=True, boundary_at=_ACT_ENDS)[1]
            claimant = speakers.resolve(np)
            if claimant and len(sentence[cue.start("cue") : end].split()) >= 3:
                found.append(
                    _Found(
                        cue.start("cue"),
                        end,
                        claimant,
                        "",
                        act=True,
                        actor=_act_start(sentence, left, np, cue.start("cue"))
                        if not event
                        else _act_start(sentence, left, acting, cue.start("cue")),
                    )
                )
            continue
        if _writers_clause_after(sentence, cue.end(), max(left.rstrip().rfind(np), 0)):
            # "less than the figure McKinley cited, but it's in the ballpark", "smaller than what McKinley said, but
            # his number is …": a comma and a conjunction after the cue open the writer's own clause (not after a
            # report's trailing tag, "…, researchers reported, though the trial was small"; not when a later
            # ", that" closes an aside: "Biden said, while visiting Kyiv, that …")
            continue
        if (
            word in _ACT_WORDS
            and not _ACT_LINKED.match(right)
            and not (word in _REPORTS and (_PRONOUN_CLAUSE.match(right) or _linked_report(right)))
        ):
            # Jo Smith urged voters to stay home: her claim is the act, verb and all.
            if (
                _PASSIVE.search(cue.group(0))
                or np.lower() in _NO_ACTORS
                or (word == "called" and np.lower().startswith(("a ", "an ")))
            ):
                continue  # "was criticized by ...", "we want ...", "a group called ...": no source
            if _object_relative(left[: left.rstrip().rfind(np)], right):
                # "a tariff that the administration had planned to impose …", "the purchases Mr. Trump requested —
                # …": the act's object is the noun before its subject; the sentence is about that, no act of theirs
                continue
            subordinate = bool(
                _SUBORDINATE_END.search(left[: left.rstrip().rfind(np)])
                or _SUBORDINATE_END.match(np.split(None, 1)[0] + " ")
            )
            # "While Jo Smith wants a vote, the board ...": the act ends with its clause.
            end = _trim(
                sentence,
                cue.start("cue"),
                len(sentence),
                cut=True,
                # ("cited the backlash as proof that the ads were, in fact, working": the clause the act takes as
                # proven runs on as a report's does)
                boundary_at=(
                    _CLAUSE_COMMA if subordinate else _CONTENT_ENDS if _AS_PROOF_THAT.match(right) else _ACT_ENDS
                ),
            )[1]
            if np.lower() in ("they", "it") and left[: left.rstrip().rfind(np)].strip():
                # "The U.S. and its allies rejected the demands, but they offered talks": the sentence's subject.
                np = _sentence_subject(left, heads=True) or np
            claimant = speakers.resolve(np)
            if claimant and len(sentence[cue.start("cue") : end].split()) >= 3:
                found.append(
                    _Found(
                        cue.start("cue"),
                        end,
                        claimant,
                        "",
                        act=True,
                        actor=_act_start(sentence, left, np, cue.start("cue"))
                        if not event
                        else _act_start(sentence, left, acting, cue.start("cue")),
                    )
                )
            continue
        if word.startswith("claim") and _CLAIMED_OWN.match(right):
            # X claimed responsibility for the attack: X's claim that it carried it out (and "claimed victory as
            # …", "claimed credit for …": X's claim that it won, that the credit is its; the verb stays in the claim).
            end = _trim(sentence, cue.start("cue"), len(sentence), cut=True, boundary_at=_CONTENT_ENDS)[1]
            claimant = speakers.resolve(np)
            if claimant:
                found.append(_Found(cue.start("cue"), end, claimant, ""))
            continue
        # 3. X said (today) that ... / X said: '...' / X says ...
        told = cue.group("cue") in ("told", "tells", "telling", "assured", "assures", "reminded", "reminds")
        after = (
            (_AFTER_TOLD.match(right) if told else None)
            or _AFTER_PHRASE.match(right)
            or _AFTER_PHRASE_QUOTE.match(right)
            or _AFTER_TO.match(right)
            or (_AFTER_ANY_THAT.match(right) if told else None)
            or _AFTER_CUE.match(right)
        )
        if after is not None and after.groupdict().get("said_of") and cue.group("cue") not in _SAID_OF_CUES:
            after = None  # "warned of a recession that could last …": the "that" is the recession's, nothing said
        if told and not (after and after.groupdict().get("link")):
            listener = _TOLD_LISTENER_THAT.match(right)
            if listener and not _CUE.search(listener.group(0)):
                after = listener  # "told investors of Acme, its parent, on Oct. 31 that ..."
        offset = cue.end() + (after.end() if after else 0)
        rest = sentence[offset:]
        comma_quote = _COMMA_QUOTE.match(rest)
        if comma_quote:  # she said, “Unlike ...
            offset += comma_quote.end()
            rest = sentence[offset:]
        linked = (
            bool(after and (after.groupdict().get("link") or after.groupdict().get("quote"))) or rest[:1] in _OPEN_Q
        )
        if told and not linked:
            listener = _TOLD_CLAUSE.match(right)
            if listener:  # Podesta told the AP his firm worked closely with them.
                offset, rest, linked = cue.end() + listener.end(), right[listener.end() :], True
        if not rest.strip():
            continue
        if word in _FINDINGS and not linked and (_DATA_SOURCE.search(np) or _DATA_SOURCE.search(left.split(",")[0])):
            # A new poll shows Smith ahead by ten points. (Also "The poll, released by X, showed Smith leading …".)
            linked = True
        if word in _HOPES and not linked and _CLAUSE_START.match(rest):
            linked = True  # he's hoping the endorsement will help
        if (cue.group("cue") in _LINKED_ONLY or word in _ATTITUDES) and not linked:
            continue
        if not linked and _POSSESSED_OBJECT.match(rest):
            continue  # "The embassy maintains its own monitor and reported ...": an object, nothing said
        # "The president announced the trade deal during a meeting": a thing announced, no clause; the claim
        # is the act, verb and all, as an act word's.
        announced = (
            not linked
            and word in _OBJECT_CUES
            and not _verbal_clause(rest.lstrip())
            and not _FINITE.search(_CLAUSE_COMMA.split(rest, 1)[0])
        )
        if not linked and word in ("maintained", "maintains") and _KEPT_OBJECT.match(rest):
            continue  # "Biden has maintained a polling lead for months": something kept, nothing said
        if not linked and rest.split(None, 1)[0].lower() in ("to", "of", "about"):
            continue  # Trump said to a crowd of 500.
        when = _WHEN_ONLY.match(sentence, cue.end()) if not linked else None
        if when and (when.end() == len(sentence) or _NOTHING_MORE.match(sentence, when.end())):
            continue  # "..., which Jo Ames announced earlier in 2019": a report with nothing reported
        if announced and np in left and _OBJECT_RELATIVE.search(left[: left.rstrip().rfind(np)]):
            continue  # "the lander, which Jo Ames announced at a gala": the lander, no claim of hers
        quoted = _QUOTE.match(sentence, offset) if rest[:1] in _OPEN_Q else None
        kind, main, main_actor = "", None, -1
        if quoted:
            start, end = _trim(sentence, quoted.start("c"), quoted.end("c"), cut=False)
            kind = "quote" if not sentence[quoted.end() :].strip(" .,;!?") else ""
        elif rest[:1] in _OPEN_Q and not _CLOSING.search(rest, 1):
            # X said: "... (the quote goes on in the next sentences)
            start, end = _trim(sentence, offset, len(sentence), cut=False)
            kind = "open"
        elif not linked and word in _COORDINATED_REPORTS and left.endswith((" and ", " but ")):
            # "The government has its own monitor and reported lower readings": what was reported is no
            # clause, the claim is the whole sentence, from its subject.
            subject_at = left.find(np)
            start, end = _trim(sentence, max(subject_at, 0), len(sentence), cut=False)
        else:
            # "While Jo Smith said the trip was routine, he had never ...": what she said ends with its clause;
            # the main clause is the outlet's.
            start, end = _trim(sentence, offset, len(sentence), cut=True, boundary_at=_CONTENT_ENDS)
            if _SUBORDINATE_OPENING.match(left):
                # The first comma after which a clause of its own begins (a subject, then its verb): not the
                # comma of "sales, which fell 10%, would recover".
                main = next(
                    (m for m in _CLAUSE_COMMA.finditer(sentence, start, end) if _MAIN_CLAUSE.match(sentence, m.end())),
                    None,
                )
                if main is not None:
                    end = _trim(sentence, start, main.start(), cut=False)[1]
            elif relative := _relative_report(sentence, left, np, start, end):
                # "The mayor, who says the budget is balanced, will face voters": what she says ends with the
                # relative clause; the sentence's own predicate is the outlet's, read from its subject.
                end, main, main_actor = relative
            if announced:
                start = cue.start("cue")
        if len(sentence[start:end].split()) >= 3:
            claimant = speakers.resolve(np)
            if claimant and announced and kind == "":
                actor = _act_start(sentence, left, np, cue.start("cue"))
                found.append(_Found(start, end, claimant, kind, act=True, actor=actor))
            elif claimant:
                found.append(_Found(start, end, claimant, kind))
                if main is not None and not any(_reporting(sentence, c) for c in _CUE.finditer(sentence, main.end())):
                    main_start, main_end = _trim(sentence, main.end(), len(sentence), cut=False)
                    if len(sentence[main_start:main_end].split()) >= 3:
                        found.append(_Found(main_start, main_end, _NOBODY, "", actor=main_actor))
    said_first = _SAID_FIRST.match(sentence) if sentence[:1] in "SAWRE" else None
    if said_first:
        # 'Said Comey, “The thought … is very painful to us.”': the speaker inverted before the quotation (it was
        # "Said Comey", or the outlet's).
        quoted = _QUOTE.match(sentence, said_first.end())
        claimant = speakers.resolve(said_first.group("np"))
        if quoted and claimant:
            start, end = _trim(sentence, quoted.start("c"), quoted.end("c"), cut=False)
            if len(sentence[start:end].split()) >= 3:
                found = [f for f in found if f.end <= start or f.start >= end]
                found.append(_Found(start, end, claimant, "quote"))
    as_said = _AS_SAID.match(sentence) if "as " in sentence[:14].lower() else None
    if as_said:
        # "As Clinton told the New York Daily News, tax relief is given ...": the clause after is theirs.
        start, end = _trim(sentence, as_said.end(), len(sentence), cut=True, boundary_at=_CONTENT_ENDS)
        claimant = speakers.resolve(as_said.group("np"))
        if claimant and len(sentence[start:end].split()) >= 3:
            found = [f for f in found if f.end <= as_said.start() or f.start >= end]
            found.append(_Found(start, end, claimant, ""))
    for match in _ACCORDING.finditer(sentence) if "ccording to " in sentence else ():
        before = sentence[: match.start()].rstrip(" ,")
        named = match.group("src") or match.group("src2")
        # "according to one estimate": nobody speaks; the content is the outlet's, without its "according to".
        source = _NOBODY if _ESTIMATE.fullmatch(named.strip().lower()) else speakers.resolve(named)
        following = sentence[match.end() :]
        if (
            following.startswith(", ")
            and _PREDICATE.match(following[2:])
            and not _FINITE.search(before)
            and len(following.split()) >= 3
        ):
            # "A further 17 makers, according to the report, had plants of 30-600 MW": a subject with no verb
            # before the aside, its predicate after: both sides are the content.
            start, end = _trim(sentence, 0, len(sentence), cut=False)
            found.append(_Found(start, end, source, ""))
        elif (
            following.startswith(", ")
            and len(following.split()) >= 3
            and before.strip()
            and before.split()[0].lower() in _OPENING_ADVERBIALS
            and not _FINITE.search(before)
        ):
            # "Since last November, according to the group, security forces have killed …": an opening phrase of
            # time or place before the aside, the clause after it: both are the content.
            start, end = _trim(sentence, 0, len(sentence), cut=False)
            found.append(_Found(start, end, source, ""))
        elif len(before.split()) >= 3:
            aside = _aside_start(before) if _ASIDE_DASH.search(following) else 0  # (an aside closes after it)
            start, end = _trim(sentence, aside, len(before), cut=False)
            found.append(_Found(start, end, source, ""))
        else:
            start, end = _trim(sentence, match.end(), len(sentence), cut=False)
            if len(sentence[start:end].split()) >= 3:
                found.append(_Found(start, end, source, ""))
    headline = _HEADLINE.match(sentence) if not found else None
    addressed = _HEADLINE_TO.match(sentence) if not found and not headline and ":" in sentence else None
    if addressed and _headline_speaker(addressed.group("src"), speakers):
        # "Clinton to Planned Parenthood: Trump will reverse Roe v. Wade": her words, to them.
        start, end = _trim(sentence, addressed.end(), len(sentence), cut=False)
        claimant = speakers.resolve(addressed.group("src"))
        if claimant and len(sentence[start:end].split()) >= 3:
            found.append(_Found(start, end, claimant, ""))
    if headline and _headline_speaker(headline.group("src"), speakers):
        # Sanders: Endorsements prove Clinton 'candidate of the establishment'
        # KATE BOULDUAN: Why not debate? — a transcript's turn, which goes on to the paragraph's end.
        source = headline.group("src")
        turn = source.isupper()
        if not turn and source in speakers.names.by_first and source not in speakers.names.by_last:
            source = speakers.names.by_first[source] or source  # "Hillary: ..." → the one Hillary the article names
        start, end = _trim(sentence, headline.end(), len(sentence), cut=False)
        claimant = speakers.resolve(source.title() if turn else source)
        if claimant and (turn or len(sentence[start:end].split()) >= 3):
            found.append(_Found(start, end, claimant, "turn" if turn else ""))
    colon = _COLON_QUOTE.search(sentence) if not found and ":" in sentence else None
    if colon is None and not found and ":" in sentence:
        # "The surge doesn’t surprise Republican pollster Daron Shaw: “Historically, …”": a person named right
        # before the colon that opens a quotation speaks it.
        named = _NAME_COLON_QUOTE.search(sentence)
        if named and is_person(speakers.names.full(_strip_titles(named.group("src")))):
            colon = named
    if colon and not any(w in _NOT_HEADLINE_SOURCES for w in colon.group("src").lower().split()):
        # "... – Philip Bump: “Two weeks ago ...", "From the report: “In general, ...": the quotation is theirs.
        quoted = _QUOTE.match(sentence, colon.end())
        start, end = _trim(sentence, colon.end(), quoted.end() if quoted else len(sentence), cut=False)
        claimant = speakers.resolve(colon.group("src"))
        if claimant and len(sentence[start:end].split()) >= 3:
            found.append(_Found(start, end, claimant, "quote" if quoted else "open"))
    polls = not found and ("poll" in sentence or "survey" in sentence)  # (the patterns are searched only then)
    in_poll = (_IN_POLL_FIRST.match(sentence) or _IN_POLL_LAST.search(sentence)) if polls else None
    if in_poll and _POLL_WORD.search(in_poll.group(0)):
        # "In a Gallup poll released Monday, 50 percent chose X", "X leads by 9 points in the Harbor average of
        # polls": the result is the pollster's (the one named, else the one the article named last).
        pollster = _pollster(in_poll.group(0)) or speakers.pollster
        if in_poll.re is _IN_POLL_FIRST:
            start, end = _trim(sentence, in_poll.end(), len(sentence), cut=False)
        else:
            start, end = _trim(sentence, 0, in_poll.start(), cut=False)
        if pollster and len(sentence[start:end].split()) >= 3:
            found.append(_Found(start, end, pollster, ""))
    verb_colon = _VERB_COLON_QUOTE.search(sentence) if not found and ":" in sentence else None
    if verb_colon:
        # 'Asked which county was his favourite, he demurred: “Whichever one I’m in.”': any verb of his, a colon and
        # a quotation: the quotation is his.
        quoted = _QUOTE.match(sentence, verb_colon.end())
        start, end = _trim(sentence, verb_colon.end(), quoted.end() if quoted else len(sentence), cut=False)
        claimant = speakers.resolve(verb_colon.group("src"))
        if claimant and len(sentence[start:end].split()) >= 3:
            found.append(_Found(start, end, claimant, "quote" if quoted else "open"))
    tag = _SPEECH_TAG.match(sentence) if not found and sentence[:1] in '“"' else None
    if tag:
        np = tag.group("np")
        named = re.search(r"[A-Z].*", np) if np[:1].islower() else None
        claimant = speakers.resolve(named.group(0) if named else np)  # "an angry Hollande": Hollande
        start, end = _trim(sentence, tag.start("c"), tag.end("c"), cut=False)
        if claimant and len(sentence[start:end].split()) >= 3:
            found.append(_Found(start, end, claimant, "quote"))
    if any(f.act for f in found) and not all(f.act for f in found):
        # "criticised the plan, saying it would cost jobs": the report is the claim.
        found = [f for f in found if not f.act]
    polled = _POLL_WORD.search(sentence)
    pollster = _pollster(sentence) if polled else ""
    standing = polled and all(
        m.group(0) == "polls" and _STANDING_BEFORE_POLLS.search(sentence, max(0, m.start() - 12), m.start())
        for m in _POLL_WORD.finditer(sentence)
    )
    if found and ((polled and not standing) or _SHARE_OF.search(sentence)):
        # "An overwhelming 70 percent of Americans say ...": respondents, whether or not this sentence
        # names the poll.
        found = _poll_claimants(pollster, found, speakers, sentence)
    if polled:
        speakers.pollster = pollster or speakers.pollster
    if "statement" in sentence or "comment" in sentence:
        _note_statement(sentence, found, speakers)
    if "(" in sentence or ")" in sentence:
        found = [_outside_parentheses(sentence, f) for f in found]
    # Keep the first of overlapping spans.
    found.sort()
    kept: list[_Found] = []
    for span in found:
        if span[2] and (not kept or span[0] >= kept[-1][1]):
            kept.append(span)
    if kept and kept[0].claimant != _NOBODY:
        begins = kept[0].actor if kept[0].actor >= 0 else kept[0].start  # an act's subject, or what was said
        main = _MAIN_BEFORE_REPORT.match(sentence, 0, begins)
        subject = ((main.group("subject") if main else "") or sentence[begins:]).split(maxsplit=1)[0]
        if (
            main
            and len(main.group("main").split()) >= 4
            # ("The governor, the state attorney general, and the police chief said …": subjects, no clause)
            and (_FINITE.search(main.group("main")) or _IRREGULAR_PAST.search(main.group("main")))
            and (subject.lower() in _SUBJECT_WORDS or subject[:1].isupper() or subject.lower() in _SOURCE_NOUNS)
            and not _SUBORDINATE_OPENING.match(main.group("main"))
            and not _inside_quotation(main.group("main") + " ")
            # ("Hewitt argued that …, but suggested …": a report in the clause before, its subject shared)
            and not any(_reporting(sentence, c) for c in _CUE.finditer(sentence, 0, main.end("main")))
        ):
            # "The bill passed the Senate 52-48, and Republicans said it would …", "X sold the company the right
            # for $5.9 million, though he later asked …": the clause before the report is the outlet's own claim.
            start, end = _trim(sentence, 0, main.end("main"), cut=False)
            if len(sentence[start:end].split()) >= 4:
                kept.insert(0, _Found(start, end, _NOBODY, ""))
    return kept


# The writer's own main clause before a report in a coordinated or concessive clause: what stands before the
# report's subject (or, for a report, its content) is a clause, a comma and a conjunction, then a few words.
_MAIN_BEFORE_REPORT = re.compile(
    r"(?P<main>[A-Z][^;:]*?\S),\s+(?:and|but|though|although|yet|whereas|while)\s+"
    r"(?P<subject>(?:[^\s,;:“”\"]+\s+){0,8})$"
)
# What may open a clause's subject after the conjunction (else a capitalised name or a source noun, "analysts").
_SUBJECT_WORDS = frozenset("he she they it we i the a an this these those his her their its our some many most".split())


# A statement named without its maker ("the statement", "a written statement", "his statement"), and who issues
# one: "X issued a statement", "X said in a statement", "in a statement, X said".
_WHOLE_QUOTE = re.compile(r"[“\"][^“”\"]{10,}[.!?,]?[”\"][.!?]?")  # a sentence that is only a quotation
# A sentence ending with its speaker and cue after what was said: '“We want no such people” in the force, she said.'
_TRAILING_CUE = re.compile(
    r",?\s+(?:he|she|they|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:" + _CUE_ALTERNATIVES + r")[.!?]?\s*"
)
_STATEMENT_LASTS = 8  # sentences: "the statement" further on may be another one
_THE_STATEMENT = re.compile(r"(?:the|that|this|a|an|his|her|its|their)\s+(?:[a-z-]+\s+){0,2}statement")
_STATEMENT_ISSUED = re.compile(
    r"\s+(?:has\s+|had\s+|also\s+|later\s+)?(?:issued|released|put\s+out|sent|posted|published|shared|provided|"
    r"gave|made)\s+(?:[\w’'-]+\s+){0,3}?(?:a|an|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}statements?\b"
    # (any verb: "X said / responded / slammed the sale in a statement")
    r"|\s+(?:has\s+|had\s+|also\s+|later\s+)?[a-z]{3,}\s+(?:[\w’'-]+\s+){0,4}?in\s+(?:a|an|its|his|her|their)\s+"
    r"(?:[a-z-]+\s+){0,2}statement\b"
)


# The outlet asking someone for comment: "reached out to Acme for comment", "Acme was contacted for comment".
_ASKED_FOR_COMMENT = re.compile(
    r"\b(?:reached\s+out\s+to|contacted|asked|approached|emailed|e-mailed|called|messaged)\s+"
    r"(?P<np>(?:the\s+)?(?:[A-Z][\w’'.&-]*|[a-z][\w-]*)(?:\s+(?:[A-Z][\w’'.&-]*|of|for|the|[a-z][\w-]*)){0,5}?)"
    r"\s+for\s+(?:a\s+|further\s+)?(?:comment|response|reaction|statement)\b"
    r"|\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:contacted|asked|approached|reached)"
    r"(?:\s+by\s+[^,.;]{1,40}?)?\s+for\s+(?:a\s+)?(?:comment|response|reaction)\b(?P<passive>)"
)


# A dash opening an aside, and "the fact that" opening what the aside states.
_ASIDE_DASH = re.compile(r"\s(?:--|—|–)\s+")
_FACT_THAT = re.compile(r"(?:and\s+|or\s+)?(?:the\s+fact\s+that|that)\s+")


def _aside_start(before: str) -> int:
    """Where the content before "according to X" starts: after a dash that opens an aside it lies in, and after
    its "the fact that" ("Given that history -- and the fact that Ames has made 300 false claims, according to the
    Fact Checker -- …": "Ames has made 300 false claims"); else 0."""
    dashes = list(_ASIDE_DASH.finditer(re.sub(r"\s(?:--|—|–)$", "", before.rstrip())))
    if len(dashes) % 2 == 0:
        return 0
    at = dashes[-1].end()
    fact = _FACT_THAT.match(before, at)
    at = fact.end() if fact else at
    return at if len(before[at:].split()) >= 3 else 0


def _note_statement(sentence: str, found: list[_Found], speakers: _Speakers) -> None:
    """Remember who issued the statement this sentence names, for "the statement said" after it; or whom the
    outlet asked for comment, for a statement in the next sentence ('Acme was contacted for comment. “…,” a
    statement read.')."""
    asked = _ASKED_FOR_COMMENT.search(sentence) if "for " in sentence else None
    if asked and not _NEGATED_REPORT.search(sentence[: asked.start()][-40:]):
        left = sentence[: asked.start()]
        np = asked.group("np") or _np_before(left) or _lower_subject(left)
        with speakers.aside():
            asked_whom = speakers.resolve(np) if np and np.split()[0].lower() not in _REFERRING_WORDS else ""
        if asked_whom and not _THE_STATEMENT.fullmatch(asked_whom):
            speakers.statement_by, speakers.statement_at, speakers.statement_lasts = asked_whom, speakers.at, 1
    if not re.search(r"\bstatement\b", sentence):
        return
    for f in found:
        if f.claimant == _NOBODY or _THE_STATEMENT.fullmatch(f.claimant):
            continue
        if not f.act and re.search(r"\bstatement\b", sentence[f.start : f.end]):
            break  # "The Times said Cook provided a statement": whose statement, the content says
        speakers.statement_by, speakers.statement_at = f.claimant, speakers.at  # 'In a statement, X said: “…”'
        speakers.statement_lasts = _STATEMENT_LASTS
        return
    issued = _STATEMENT_ISSUED.search(sentence)
    if issued is None:
        return
    left = sentence[: issued.start()]
    np = _np_before(left) or _lower_subject(left)
    if np and np.split()[0].lower() not in _REFERRING_WORDS:
        # (an outlet's sentence: who issued it, without counting them as the last person quoted)
        with speakers.aside():
            issuer = speakers.resolve(np)
        if issuer and not _THE_STATEMENT.fullmatch(issuer):
            speakers.statement_by, speakers.statement_at = issuer, speakers.at
            speakers.statement_lasts = _STATEMENT_LASTS


def _outside_parentheses(sentence: str, found: _Found) -> _Found:
    """A span kept on one side of a parenthesis: one that starts inside "( ... )" ends at its ")", one that
    starts outside ends before a "(" it does not close ("(44 percent say they want X), but also shows ..."
    is two contents, never one running over the bracket)."""
    depth = sentence.count("(", 0, found.start) - sentence.count(")", 0, found.start)
    end = found.end
    if depth > 0:
        close = sentence.find(")", found.start, found.end)
        end = close if close >= 0 else end
    else:
        level = 0
        for at in range(found.start, found.end):
            char = sentence[at]
            if char == "(":
                level += 1
            elif char == ")":
                if level == 0:
                    end = at  # a ")" closing what opened before the span
                    break
                level -= 1
        if level > 0:
            end = sentence.rfind("(", found.start, end)  # a "(" the span does not close
    if end == found.end:
        return found
    start, end = _trim(sentence, found.start, end, cut=False)
    if len(sentence[start:end].split()) < 3:
        return found._replace(claimant="")  # too little left: no claim
    return found._replace(start=start, end=end)


def _open_quote_run(texts: Sequence[str], i: int) -> int | None:
    """For a sentence opening a quote it does not close, the sentence that closes it."""
    text = texts[i]
    if text[:1] not in _OPEN_Q or any(q in text[1:] for q in "”»") or _QUOTE.match(text):
        return None
    for j in range(i + 1, min(i + 1 + _QUOTE_GOES_ON, len(texts))):
        if _CLOSING.search(texts[j]):  # not the apostrophe of "shouldn’t"
            return j
    return None


# A quotation's close and its speaker, then only when or where before ", recalling …" ends the text.
_QUOTED_THEN_PARTICIPLE = re.compile(_CLOSE_THEN_CUE.pattern + r"[^,;“”\"]{0,40},\s*$")


def _closing_speaker(close: re.Match, speakers: _Speakers) -> str:
    """The speaker named after a quotation closes ('... seen,' he added.), or ""."""
    return speakers.resolve(close.group("np") or close.group("np2") or "")


# Names spelt with an exclamation mark ("E! News", "Yahoo! Finance"; sentences.py splits no sentence there):
# their "!" becomes a letter that looks like it, so every name pattern reads the name whole; _claims gives it back.
_BRAND_BANG = re.compile(r"(?<![\w.])(?:E|Yahoo)!(?=\s+[A-Z])")
_BANG = "\u01c3"


def _plain_quotes(text: str) -> str:
    """Two apostrophes as a quotation mark (''Yes,'' he said) → one, and a space; a wire credit ending the
    sentence ("... in May (Reuters).") → spaces: same offsets. A credit names whom the outlet took the text
    from, never who makes the claim. The "!" of a name ("E! News") → a letter-like "ǃ", same offsets. A no-break
    space is a space (after a closing quotation mark it hid the close: '“…,”\xa0Jo Smith told CNN.')."""
    text = text.replace("''", '" ') if "''" in text else text
    text = text.replace("\xa0", " ") if "\xa0" in text else text
    if "!" in text:
        text = _BRAND_BANG.sub(lambda m: m.group(0)[:-1] + _BANG, text)
    text = _lower_headline(text)  # "Bush Says We Should …": a report
    credit = _CREDIT_END.search(text) if text.rstrip(" .!?")[-1:] == ")" else None
    if credit:
        text = text[: credit.start()] + " " * (credit.end() - credit.start()) + text[credit.end() :]
    return text


# A headline in title case reports with a capitalised verb: "Trump Says He Will …", "Kremlin Denies Plans to …".
_TITLE_CASE_CUE = re.compile(
    r"(?<=\w )(?:Says|Say|Said|Tells|Told|Claims|Claimed|Warns|Warned|Denies|Denied|Admits|Admitted|Insists|"
    r"Vows|Vowed|Predicts|Announces|Announced|Confirms|Confirmed|Rejects|Rejected|Dismisses|Argues|Thinks|"
    r"Believes|Reveals|Suggests)(?= [\w“\"‘'])"
)
_SMALL_WORDS = frozenset("a an the of to in on at for and or but by with as from is are be it its his her".split())


_HEADLINE_FUNCTION_WORDS = frozenset(
    "they he she we it there you ever never not no any all that this having being will would could can should "
    "must may might is are was were has have had need needs did does do be been to".split()
)


def _lower_headline(text: str) -> str:
    """A title-case headline with its reporting verb, and the function words after it, in lower case (same
    offsets): "Dennis Prager Tells Conservatives They Need To …" reads as "… tells Conservatives they need to …",
    "Kremlin Denies Having Any Plans" as "… denies having any plans"."""
    cue = _TITLE_CASE_CUE.search(text)
    if cue is None or not _title_case(text):
        return text  # (only a title-case headline: "Edward Said argued …" is a sentence)
    head, tail = text[: cue.start()], text[cue.start() :]
    tail = re.sub(
        r"[A-Za-z][\w’'-]*",
        lambda m: (
            m.group(0).lower()
            if m.start() == 0
            or m.group(0).lower() in _HEADLINE_FUNCTION_WORDS
            or (m.group(0).endswith("ing") and re.fullmatch(r"denie[sd](?: ever)?", tail[: m.start()].rstrip().lower()))
            else m.group(0)
        ),
        tail,
    )
    return head + tail


def _title_case(text: str) -> bool:
    """Whether a sentence is a title-case headline: most of its longer words capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# A news agency's credit in brackets at a sentence's end: "(Reuters)", "(AP)", "(AFP Photo)".
_CREDIT_END = re.compile(
    r"\s*\((?:Reuters|AP|AFP|PTI|IANS|ANI|UPI|DPA|dpa|Xinhua|Bloomberg|EFE|ANSA|Kyodo|Yonhap|Tass|TASS|"
    r"Interfax|CNN|BBC|Associated Press|Agence France-Presse|Press Trust of India|The Associated Press)"
    r"(?:\s+(?:Photo|file|File|contributed|reporting))?\)(?=[.!?]?\s*$)"
)


def _closes_quote(text: str) -> bool:
    """Whether a sentence inside a quotation closes it."""
    return any(q in text for q in '”»"') or text.rstrip().endswith(("’", "'"))


class _Piece(NamedTuple):
    """One sentence's part of a claim, before the parts of one quotation are joined."""

    index: int
    start: int
    end: int
    claimant: str
    quoted: bool
    stance: str = "asserts"
    joins: bool = False  # goes on from the claim before (the same quotation)
    actor: int = -1  # where the act's subject starts in the sentence (the standalone text reads from it)
    settled: bool = False  # the rules found nobody speaks here ("according to one estimate"): the outlet's


# A sentence ending "... he said:" — the next sentence is what was said.
_COLON_END = re.compile(r"[^:,.;!?“\"]{0,40}:\s*$")


def _colon_speaker(text: str, speakers: _Speakers) -> str:
    """Who speaks in the next sentence after "In a speech last July, he said:", or ""."""
    if not text.rstrip().endswith(":"):
        return ""
    cues = list(_CUE.finditer(text[-160:]))
    text = text[-160:]
    cue = cues[-1] if cues else None
    if cue is None or not _COLON_END.match(text, cue.end()):
        return ""
    np = _np_before(text[: cue.start()])
    return speakers.resolve(np) if np else ""


def find_claims(
    text: str,
    sentences: Sequence[Sentence],
    *,
    default_claimant: str,
    published: datetime | None = None,
    learnt: bool = True,
    collect: tuple[dict, float, list] | None = None,
) -> list[ClaimSpan]:
    """Candidate claims of an article: attributed contents, else whole sentences.

    A quotation that runs over several sentences ('"...," she said. "More of it."')
    is one claim; its span runs from the first word quoted to the last and its
    ``standalone`` text joins the quoted parts. ``published`` (the article's date)
    makes relative dates in the standalone texts absolute. ``learnt``: a sentence the
    rules leave to the outlet gets the speaker the learnt ranker picks (speakers.py), if
    any; ``collect`` (cue words, their least ratio, a list) gathers those sentences'
    candidates instead, for training (scripts/train_speakers.py).
    """
    speakers = _Speakers(text)
    texts = [_plain_quotes(s.text) for s in sentences]
    pieces: list[_Piece] = []
    persons: dict[int, tuple[Person, ...]] = {}  # sentence -> whom "he"/"she" may mean there
    people = People(text, speakers.names.full, is_person)
    common = set(_LOWER_WORD.findall(text))
    pending: list[int] = []  # sentences of a quote whose speaker comes later
    # The speaker of a quotation that goes on: '"...," she said. "More of it."' or
    # 'She said: "... (next sentence) ..."'; ``inside``: the quotation is still open.
    carry, inside, carried = "", False, 0
    quote_from = -1  # the first piece of a quotation carried into a sentence that opens it, while it is open
    rejoin = True  # a quotation going on joins the claim before (not when that was a report after it)
    colon = ""  # the speaker of the next sentence ("... he said:")
    about: dict[int, str] = {}  # sentence -> the person the outlet's sentence before it opens with

    def whole(k: int, claimant: str, *, quoted: bool, limit: int | None = None, joins: bool = False) -> None:
        s = sentences[k]
        # (a sentence going on with the claim before keeps its link: '… in their care,” X said. “Instead, they …')
        start, end = _trim(texts[k], 0, len(s.text) if limit is None else limit, cut=False, keep_lead=joins)
        if end <= start:
            start, end = 0, len(s.text)
        pieces.append(_Piece(k, start, end, claimant, quoted, joins=joins))

    turn = ""  # the speaker of a transcript's turn, to the paragraph's end
    for index in range(len(sentences)):
        current = texts[index]
        speakers.at = index
        if index:
            opener = _meet_people(people, texts[index - 1], speakers, pieces, index - 1, common)
            if opener and not (pieces and pieces[-1].index == index - 1 and pieces[-1].quoted):
                # Rubio congratulated Trump. He is also praising ...: "he" is who the outlet's sentence is about.
                speakers.resolve(opener)
                about[index] = opener
            if "\n" in text[sentences[index - 1].end : sentences[index].start]:
                people.paragraph()
        if _HE_OR_SHE.search(current):
            persons[index] = people.candidates()
        if turn and "\n" in text[sentences[index - 1].end : sentences[index].start]:
            turn = ""
        if turn and not _HEADLINE.match(current):
            whole(index, turn, quoted=True, joins=True)
            continue
        spans: list[_Found] | None = None
        said, colon = colon, ""
        if (
            carry
            and (current[:1] not in _OPEN_Q or _TITLE_FIRST.match(current))
            and "\n" in text[sentences[index - 1].end : sentences[index].start]
        ):
            # A quotation goes on into a new paragraph only behind a quotation mark, and not behind a quoted title
            # ('“Wild Rose” is now on DVD.', "'Meth. We're On It.': South Dakota spends …").
            carry, inside = "", False
        if carry:
            carried += 1
            opens = current[:1] in _OPEN_Q
            if carried <= _QUOTE_GOES_ON and (inside or opens):
                close = (_CLOSE_THEN_CUE.search(current) or _CLOSE_THEN_APPOSED.search(current)) if inside else None
                if close:
                    claimant = _closing_speaker(close, speakers) or carry
                    if claimant != carry and quote_from >= 0:
                        # '“..,” said Carl Ames.\n\n“He never came. ...,” said Rudy Ames.': the quotation
                        # that opened the paragraph is the one its close names, from its first sentence.
                        for n in range(quote_from, len(pieces)):
                            pieces[n] = pieces[n]._replace(claimant=claimant, joins=n > quote_from)
                        whole(index, claimant, quoted=True, limit=close.start(), joins=True)
                    else:
                        whole(index, claimant, quoted=True, limit=close.start(), joins=claimant == carry)
                    carry, inside, quote_from = claimant, False, -1
                    continue
                if not inside:
                    spans = _attributions(current, speakers)
                    replied = _CLOSE_THEN_CUE.search(current) if opens and not spans else None
                    other = _closing_speaker(replied, speakers) if replied else ""
                    if replied and other and other != carry:
                        # '“…?” Schiff asked.\n\n“That's correct,” Volker said.': a reply, too short for a claim of
                        # the rules' own, is its speaker's, not the question's.
                        whole(index, other, quoted=True, limit=replied.start())
                        carry, inside, carried, rejoin = other, False, 0, False
                        continue
                    closing = _CLOSING.search(current, 1)
                    if spans and all(
                        not f.kind.startswith("quote") and (not closing or f.start < closing.start()) for f in spans
                    ):
                        spans = []  # '“She said, ‘Thank you.’ ...': a report inside the quotation is its words
                if inside or not spans:
                    if opens and not inside:
                        quote_from = len(pieces)  # a quotation opens here: whose it is, its close may say
                    # '“…,” Bozell says.\n\n“First, …”': a new paragraph's quotation, after the one before closed, is
                    # a statement of its own (the same speaker's); one left open runs on into it.
                    fresh = not inside and "\n" in text[sentences[index - 1].end : sentences[index].start]
                    whole(index, carry, quoted=True, joins=(rejoin or inside) and not fresh)
                    rejoin = True
                    closed = _closes_quote(current[1:] if opens and not inside else current)
                    inside = not closed
                    continue
            carry, inside = "", False
        if pending:
            close = _CLOSE_THEN_CUE.search(current) or _CLOSE_THEN_APPOSED.search(current)
            # ('“We will win. …\n\n“And then we win the country,” Ames said.': a quotation going on into a new
            # paragraph opens it again with a quotation mark.)
            reopened = "\n" in text[sentences[index - 1].end : sentences[index].start] and current[:1] in '“"'
            if close and (current[:1] not in _OPEN_Q or reopened):
                # '... (earlier sentences) ... seen,' he added. — the whole quote is his.
                claimant = _closing_speaker(close, speakers) or default_claimant
                quoted = claimant != default_claimant
                for n, k in enumerate(pending):
                    whole(k, claimant, quoted=quoted, joins=quoted and n > 0)
                whole(index, claimant, quoted=quoted, limit=close.start(), joins=quoted)
                pending = []
                if quoted:
                    carry, inside, carried = claimant, False, 0
                continue
            if len(pending) < _QUOTE_GOES_ON and current[:1] not in _OPEN_Q and not _CLOSING.search(current):
                pending.append(index)  # the quote goes on
                continue
            for k in pending:  # a quote nobody claims: the outlet's text
                whole(k, default_claimant, quoted=False)
            pending = []
        if spans is None:
            spans = _attributions_in_brackets(current, speakers)
        going_on = _GOES_ON_PARTICIPLE.match(current) if not spans and not said else None
        if going_on and pieces and pieces[-1].index == index - 1 and pieces[-1].quoted:
            # 'Bell stated that the report “wasn’t good.” Adding, “Now, …”': the speaker of the sentence before
            # goes on; the claim is what follows the participle (and the quotation it opens, while it lasts).
            claimant = pieces[-1].claimant
            start, end = _trim(current, going_on.end(), len(current), cut=False)
            if end > start:
                pieces.append(_Piece(index, start, end, claimant, True))
                if current[going_on.end() :].lstrip()[:1] in _OPEN_Q and _leaves_open(current[going_on.end() :]):
                    carry, inside, carried = claimant, True, 0
                continue
        if not spans and said:
            # In a speech last July, he said: (this sentence) — and on, while a quotation it opens lasts.
            whole(index, said, quoted=True)
            if current[:1] in _OPEN_Q and not _closes_quote(current[1:]):
                carry, inside, carried = said, True, 0
            continue
        if (
            not spans
            and speakers.statement_by
            and speakers.statement_at == index - 1
            and _WHOLE_QUOTE.fullmatch(current.strip())
        ):
            # 'The label slammed the sale in a statement to Fox News. “We never agreed …”': the statement's words.
            whole(index, speakers.statement_by, quoted=True)
            continue
        if not spans and _open_quote_run(texts, index) is not None:
            pending.append(index)
            continue
        if spans:
            for found in spans:
                if found.claimant == _NOBODY:  # the outlet's own, and no ranker is to find a speaker for it
                    pieces.append(
                        _Piece(index, found.start, found.end, default_claimant, False, actor=found.actor, settled=True)
                    )
                    continue
                pieces.append(
                    _Piece(index, found.start, found.end, found.claimant, True, found.stance, found.joins, found.actor)
                )
            last = spans[-1]
            if last.kind == "turn":
                turn = last.claimant
                continue
            opened = _leaves_open(current[max(0, last.start - 2) :])
            if last.claimant == _NOBODY:
                pass  # nobody spoke: no quotation of theirs goes on
            elif last.kind or opened:
                carry, inside, carried = last.claimant, last.kind == "open" or opened, 0
            elif any(f.kind == "quote" and f.claimant == last.claimant for f in spans):
                # '"...," Jo Smith said, adding that ... "More of it."': the quotation may go on, a claim of its own.
                carry, inside, carried, rejoin = last.claimant, False, 0, False
            elif not last.act and _TRAILING_CUE.fullmatch(current, last.end):
                # '“We want no such people” in the force, she said. “It was a disgrace.”', 'The plan failed, she
                # said. “It was a disgrace.”': what she said, then her words go on in a quotation, one claim.
                carry, inside, carried, rejoin = last.claimant, False, 0, True
        else:
            whole(index, default_claimant, quoted=False)
            colon = _colon_speaker(current, speakers)
            close = _CLOSE_THEN_CUE.search(current) if current[:1] in _OPEN_Q else None
            if close and _closing_speaker(close, speakers):
                # '"Too short," Jo Smith said. "The quotation goes on ..."': the short part is no claim,
                # what follows is still hers.
                carry, inside, carried, rejoin = _closing_speaker(close, speakers), False, 0, False
        for name in _NAME.findall(current) if not speakers.last_person else ():
            # Before anyone is quoted, "he" or "she" in the outlet's own sentences is the person last named.
            full = speakers.names.full(_strip_titles(name))
            if is_person(full) and not people.is_thing(name):  # (not "in the Cabinet Room")
                speakers.mentioned = full
    for k in pending:
        whole(k, default_claimant, quoted=False)
    _without_datelines(text, sentences, texts, pieces, speakers)
    _interview_answers(text, sentences, pieces, default_claimant)
    if "(@" in text:
        _embedded_posts(text, sentences, pieces, speakers, default_claimant)
    if sentences:
        _meet_people(people, texts[-1], speakers, pieces, len(sentences) - 1, common)  # its agents count too
    model = ranker.model() if learnt and collect is None else None
    if model is not None or collect is not None:
        _learnt_speakers(
            sentences, texts, pieces, persons, people, speakers, default_claimant, model, collect, common, about
        )
    return _claims(text, sentences, pieces, persons, people, published, speakers.persons)


# A dateline opening a paragraph: "NEW DELHI: ...", "WASHINGTON — ...", "LONDON (Reuters) - ...".
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z.’'-]+(?:[ ,]+[A-Z][A-Z.’'-]+){0,3})"
    r"(?:,\s+(?:United\s+Arab\s+Emirates|Papua\s+New\s+Guinea|[A-Z][a-z.]+(?:\s+[A-Z][a-z.]+)?))?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?::|—|–|--|-)[ \t]+(?=\S)"
)


def _without_datelines(
    text: str,
    sentences: Sequence[Sentence],
    texts: list[str],
    pieces: list[_Piece],
    speakers: _Speakers,
) -> None:
    """A sentence opening one of the story's first paragraphs with a dateline ("NEW DELHI: Nearly
    150 Indians returned ...") starts after it (in place): where the story was filed is no part of
    the claim. A transcript's speaker label ("CLINTON: ...", twice or more) is no dateline."""
    for n, piece in enumerate(pieces):
        if piece.start > 2 or piece.index >= len(sentences):
            continue
        k = piece.index
        if k and "\n" not in text[sentences[k - 1].end : sentences[k].start]:
            continue
        if text.count("\n\n", 0, sentences[k].start) > 2:
            continue  # a dateline opens the story: its headline, standfirst or first paragraph
        dateline = _DATELINE.match(texts[k])
        if dateline and dateline.group("place").rstrip(" ,") not in speakers.transcript and dateline.end() < piece.end:
            pieces[n] = piece._replace(start=dateline.end())


# An interview's turns: a paragraph opening "Q:" asks, one opening "A:" answers (and the paragraphs after it,
# to the next question).
_QA_LABEL = re.compile(r"(?m)^[ \t]*(Q|A)[:.][ \t]")


# Whom an interview is with, described rather than named: "spoke to the city's chief epidemiologist", "an
# interview with a senior diplomat".
_INTERVIEWED = re.compile(
    r"\b(?:spoke|spoken|talked|speaks|talks|sat\s+down|interview|conversation)\s+(?:to|with)\s+"
    r"(?P<np>(?:the|a|an|one|our|[A-Z][\w-]*[’']s)\s+(?:[\w’'-]+\s+){0,5}?[a-z][\w-]+)(?=\s*(?:[.,;:(]|$|\s+(?:about|on|in|at|for|who)\b))"
)


def _interview_answers(text: str, sentences: Sequence[Sentence], pieces: list[_Piece], default_claimant: str) -> None:
    """In a question-and-answer interview, the answers are the interviewee's (in place).

    The interviewee is the first person the article names before its first question ("Experience is thrilled
    to have Jo Ames as our new CEO. ... Q: ... A: Inspired and humbled!"); with nobody named there, the
    answers stay the outlet's. The questions stay the outlet's.
    """
    labels = _QA_LABEL.findall(text) if "Q" in text and "A" in text else []
    if labels.count("Q") < 1 or labels.count("A") < 2:
        return
    first_question = next(m.start() for m in _QA_LABEL.finditer(text) if m.group(1) == "Q")
    interviewee = next(
        (n for n in (_strip_titles(m.group(0)) for m in _NAME.finditer(text, 0, first_question)) if is_person(n)), ""
    )
    if not interviewee:
        # Nobody named, but someone described: "We spoke to the city's chief epidemiologist."
        described = _INTERVIEWED.search(text, 0, first_question)
        interviewee = described.group("np") if described else ""
    if not interviewee:
        return
    answering: dict[int, bool] = {}
    mode = False
    for i, sentence in enumerate(sentences):
        new_paragraph = i == 0 or "\n" in text[sentences[i - 1].end : sentence.start]
        label = _QA_LABEL.match(sentence.text) if new_paragraph else None
        if label:
            mode = label.group(1) == "A"
        answering[i] = mode
    for n, piece in enumerate(pieces):
        if answering.get(piece.index) and piece.claimant == default_claimant and not piece.quoted:
            label = _QA_LABEL.match(sentences[piece.index].text) if piece.start == 0 else None
            start = label.end() if label and label.end() < piece.end else piece.start  # the answer, not its "A:"
            pieces[n] = piece._replace(claimant=interviewee, quoted=True, start=start)


# An embedded post's signature, as a page's text carries it: "— Jo Smith (@JoSmithMP) March 3, 2021", after
# the post's words (and maybe its picture link).
_POST_SIGNATURE = re.compile(
    r"\s*(?:pic\.twitter\.com/\S+\s*|https?://t\.co/\S+\s*)*(?:—|–|-|&mdash;)\s*(?P<name>[^()\n—–]{2,60}?)\s*"
    r"\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})?\s*$"
)


def _embedded_posts(
    text: str, sentences: Sequence[Sentence], pieces: list[_Piece], speakers: _Speakers, default_claimant: str
) -> None:
    """An embedded post (a tweet) is its author's, from its paragraph's start to its signature (in place);
    the signature is no part of the claim."""
    for k, sentence in enumerate(sentences):
        signature = _POST_SIGNATURE.search(sentence.text) if "(@" in sentence.text else None
        if not signature:
            continue
        author = speakers.resolve(signature.group("name"))
        if not author:
            continue
        first = k
        while first and "\n" not in text[sentences[first - 1].end : sentences[first].start]:
            first -= 1
        if first == k and not sentence.text[: signature.start()].strip():
            # The signature is a paragraph of its own: the post is the paragraphs before it, as many as
            # a post holds (its words, links aside, at most _POST_LENGTH characters).
            reported = {p.index for p in pieces if p.claimant != default_claimant}
            first = _post_start(text, sentences, k, reported)
            if first == k:
                continue
        kept = [p for p in pieces if not first <= p.index <= k]
        for i in range(first, k + 1):
            end = signature.start() if i == k else len(sentences[i].text)
            link = _LINK_END.search(sentences[i].text, 0, end)
            end = link.start() if link else end  # the post's picture link is no part of what it says
            start, end = _trim(sentences[i].text, 0, end, cut=False)
            if end > start:
                kept.append(_Piece(i, start, end, author, True, joins=i > first))
        if any(first <= p.index <= k and p.claimant == author for p in kept):
            pieces[:] = sorted(kept, key=lambda p: (p.index, p.start))


_POST_LENGTH = 300  # characters: a post's words (a tweet holds 280), with some slack for the page's spacing
_INTRODUCES_POST = re.compile(
    r"\b(?:[Tt]witter|[Tt]weet(?:ed|s)?|[Ii]nstagram|[Ff]acebook|[Tt]hreads|Bluesky|posted|wrote)\b|:$"
)
# A paragraph reporting what someone said or wondered: the article's, not a post's ("Another wondered why ...").
# (Only paragraphs before the one just above the signature are judged so: that one is the post's.)
_REPORTS_WORDS = re.compile(
    r"\b(?:wondered|asked|quipped|joked|said|says|told|wrote|noted|added|argued|replied|responded|complained|"
    r"pointed out|according to)\b"
)
_LINK_END = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)\s*$")
_POST_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)")


def _post_start(text: str, sentences: Sequence[Sentence], k: int, reported: set[int]) -> int:
    """The first sentence of the post whose signature is sentence ``k``, a paragraph of its own; ``k`` when
    the paragraphs before it are longer than a post. A paragraph reporting someone's words (``reported``: the
    sentences attributed to a speaker) is the article's, and the post starts after it."""
    first, length = k, 0
    while first:
        paragraph_end = first  # the paragraph before: back to its first sentence
        begin = first - 1
        while begin and "\n" not in text[sentences[begin - 1].end : sentences[begin].start]:
            begin -= 1
        words = _POST_LINK.sub("", text[sentences[begin].start : sentences[paragraph_end - 1].end]).strip()
        length += len(words)
        if (
            length > _POST_LENGTH
            or _INTRODUCES_POST.search(words)
            or reported.intersection(range(begin, first))
            or (first < k and _REPORTS_WORDS.search(words))
        ):
            break  # longer than a post, or the article's sentence introducing it ("... wrote on Twitter:")
        first = begin
    return first


_SPEAKER_GAP = 2  # sentences: a speaker "spoke just before" this near


def _learnt_speakers(
    sentences: Sequence[Sentence],
    texts: list[str],
    pieces: list[_Piece],
    persons: dict[int, tuple[Person, ...]],
    people: People,
    speakers: _Speakers,
    default_claimant: str,
    model: ranker.SpeakerModel | None,
    collect: tuple[dict, float, list] | None,
    common: set[str],
    about: dict[int, str] | None = None,
) -> None:
    """Give the outlet's whole sentences the speaker the learnt ranker picks (in place). ``about``: the person
    the outlet's sentence before a sentence opens with, whom its "he" or "she" means before the last one quoted."""
    cues, min_cue = (collect[0], collect[1]) if collect is not None else (model.cues, model.min_cue)
    previous, previous_at = "", -_SPEAKER_GAP - 1
    known: set[str] = set()
    for i in sorted(range(len(pieces)), key=lambda k: (pieces[k].index, pieces[k].start)):
        piece = pieces[i]
        if piece.claimant != default_claimant:
            previous, previous_at = piece.claimant, piece.index
            known.add(piece.claimant)
            continue
        if piece.quoted or piece.settled:
            continue
        quoted_before = ""
        if about and piece.index in about and previous and previous != about[piece.index]:
            # "“…,” said Tom Bell. \n\n Mr. Ames is a showman. He has injected drama into …": the sentence
            # before is about Ames, and so is its "he", not the last one quoted (who speaks no more).
            quoted_before, previous = previous, ""
        rows = _speaker_candidates(
            texts[piece.index],
            cues,
            min_cue,
            speakers=speakers,
            persons=persons.get(piece.index, ()),
            gender=people.gender,
            previous=previous if piece.index - previous_at <= _SPEAKER_GAP else "",
            known=known,
            common=common,
        )
        if quoted_before:
            rows = [r for r in rows if not (r[0] == quoted_before and r[3].get("he_she"))]
        if collect is not None:
            at = sentences[piece.index].start
            collect[2].append((at + piece.start, at + piece.end, [(c, at + s, at + e, f) for c, s, e, f in rows]))
            continue
        if rows:
            score, claimant, speaker_end = max((model.score(f), c, e) for c, _, e, f in rows)
            text = texts[piece.index]
            if score >= model.threshold and (_POLL_WORD.search(text) or _SHARE_OF.search(text)):
                # the same rule as the rules' own: a poll's result is never its respondents'
                polled = _poll_claimants(_pollster(text), [_Found(piece.start, piece.end, claimant, "")], speakers)
                claimant = polled[0].claimant if polled else ""
            if score >= model.threshold and claimant:
                # "Trump assailed Williams as …, though there is no indication she has …": a concession after the
                # speaker is the writer's, as the rules cut a "that"-clause there.
                aside = _WRITERS_CONCESSION.search(text, max(speaker_end, piece.start), piece.end)
                end = piece.end
                if (
                    aside
                    and len(text[piece.start : aside.start()].split()) >= 4
                    # ("…, though analysts said it would raise rents": a report of its own, kept in the claim)
                    and not _CUE.search(text, aside.end(), piece.end)
                ):
                    end = _trim(text, piece.start, aside.start(), cut=False)[1]
                pieces[i] = piece._replace(claimant=claimant, end=end)


# A concessive clause of the writer's after a report: ", though there is no indication …".
_WRITERS_CONCESSION = re.compile(r",\s+(?:though|although|even\s+though|whereas)\s")


_GENDER_OF = {"he": "m", "she": "f"}
_CAPITALISED = re.compile(r"[A-Z][a-z][\w’'-]*")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_HE_OR_SHE = re.compile(r"\b[Ss]?[Hh]e\b")


def _common_first(word: str, common: set[str]) -> bool:
    """Whether a capitalised word is an ordinary word, not a first name ("Getting", "Meanwhile")."""
    low = word.lower()
    return low in common or (len(low) > 5 and low.endswith("ing"))


def _meet_people(
    people: People,
    sentence: str,
    speakers: _Speakers,
    pieces: list[_Piece],
    index: int,
    common: set[str],
) -> str:
    """Tell ``people`` whom sentence ``index`` names and whom it quotes; the person it opens with, or "".

    ``common``: the article's lower-case words; a "name" opening with one ("Getting Disney") is none.
    """
    names = [(_strip_titles(m.group(0)), m.start(), m.end()) for m in _NAME.finditer(sentence)]
    # (a run of titles and nothing else strips to "": no name)
    names = [n for n in names if n[0].strip() and not _common_first(n[0].split(None, 1)[0], common)]
    by_last = speakers.names.by_last
    # A surname alone ("Costa said") that the article gives in full elsewhere.
    # (and possessed: "Mr. Ames’s style")
    for word in by_last.keys() & {re.sub(r"[’']s$", "", w) for w in _CAPITALISED.findall(sentence)}:
        at = sentence.find(word)
        if not any(s <= at < e for _, s, e in names):
            names.append((word, at, at + len(word)))
    # A surname after a personal title ("Mr. Trump’s embrace"), though the article never gives it in full.
    for titled in _TITLED_ONE.finditer(sentence) if "." in sentence else ():
        at = titled.start("w")
        if not any(s <= at < e for _, s, e in names) and not _common_first(titled.group("w"), common):
            names.append((titled.group(0), titled.start(), titled.end("w")))  # ("Mr. Trump": a person's name)
            speakers.persons.add(speakers.names.full(titled.group("w")))
    subjects = []
    for piece in reversed(pieces):
        if piece.index < index:
            break
        if piece.index == index and piece.quoted:
            subjects.append(piece.claimant)
    people.add(sentence, names, subjects)
    for name, start, end in sorted(names, key=lambda n: n[1]):
        if _BEFORE_SUBJECT.fullmatch(sentence, 0, start) or _ROLE_BEFORE_SUBJECT.fullmatch(sentence, 0, start):
            # ("Mr. Ames’s style is not limited to trade. He has …": the possessor is whom the sentence is about)
            full = speakers.names.full(re.sub(r"[’']s$", "", name))
            if is_person(full):
                return full
            if " " not in full and _SURNAME.fullmatch(full) and _TITLED_SURNAME.fullmatch(sentence, start, end):
                # "In Washington, President Obama released a statement. He said ...": a rank and a surname name a
                # person, though the article never gives the first name.
                return full
    opening = _OPENING_WORD.match(sentence)
    if opening and _BEFORE_SUBJECT.fullmatch(sentence, 0, opening.start("w")):
        # "And Obama, for all ..., seems to agree": a surname alone, of a person quoted before.
        word = opening.group("w")
        for name in reversed(speakers.recent):
            if name == word or name.endswith(" " + word):
                return name
        if _PERSONAL_TITLE_BEFORE.search(sentence, 0, opening.start("w")):
            # "Mr. Trump’s theatrical embrace is not limited to China. He has …": a personal title names a person
            # by the surname alone, quoted or not.
            return speakers.names.full(word)
    return ""


_PERSONAL_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")
_TITLED_ONE = re.compile(r"\b(?:Mr|Mrs|Ms)\.\s+(?P<w>[A-Z][a-z]+(?:[’'-](?!s\b)[A-Z]?[a-z]+)*)(?![\w-]|\s+[A-Z])")


_OPENING_WORD = re.compile(r".{0,60}?(?<![\w’'.-])(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?=,\s|\s+[a-z]|[’']s\s+[a-z])")


# What may come before a sentence's subject: "But", "At times, ", "On Monday, Mr. ", a quotation mark.
_BEFORE_SUBJECT = re.compile(
    r"[\s“\"‘'(]*(?:(?:But|And|So|Yet|Still|Then|Now|Meanwhile|However|Also|Instead)\b,?\s+)?"
    r"(?:(?:[A-Z]?[a-z]+\s+){0,3}[a-z]+,\s+|(?:On|In|At|By|Last|This|Earlier|Later)\s+[A-Z]?[a-z]+,?\s+)?"
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.\s+|(?:President|Senator|Governor|Mayor|Judge)\s+)?"
)


# A person's rank and surname, as _NAME finds them: "President Obama", "Senator Warren".
_TITLED_SURNAME = re.compile(
    r"(?:President|Senator|Governor|Mayor|Judge|Secretary|Chancellor|"
    r"General(?!\s+(?:Motors|Electric|Mills|Dynamics|Atomics|Assembly|Accounting|Hospital|Services)\b))"
    r"\s+[A-Z][a-z’'-]+"
)


# A role, or a participle's aside, before a sentence's subject: "Republican presidential nominee Jo Ames has ...",
# "Speaking in Lyon, party spokesman Al Bane repeated ...". The role's words are capitalised or a rank's modifiers,
# ending in an agent's noun ("nominee", "spokesman", "adviser"); never a verb ("Polls show Republican Jo Ames ...").
_ROLE_BEFORE_SUBJECT = re.compile(
    _BEFORE_SUBJECT.pattern + r"(?:[A-Z][a-z]+ing\s[^,;:“\"]{1,60},\s+)?"
    r"(?:(?:(?!(?:While|When|After|Before|Although|Though|If|As|Because|Since|Unless|Until|Once)\s)[A-Z][\w’'.&-]*|"
    r"former|then|acting|deputy|senior|top|chief|longtime|veteran|state|federal|local|party|"
    r"county|city|national|presidential|vice|foreign|press|campaign|communications|general|[a-z]+-[a-z]+)\s+){0,4}"
    r"(?!(?:after|over|under|never|other|either|neither|whether|however|ever|later|rather|per|for|or|than)\s)"
    r"(?:[a-z]+(?:er|or|ist|man|woman|person|ent|ant|ian|ee|ary|ive|ef)|official|hopeful|candidate|"
    r"contender|head|ally|aide|(?:" + _TITLE_WORDS.replace("|and|of|the|for", "") + r"))\s+"
)


# A sentence opening with a participle of saying, going on from the sentence before: "Adding, “…”", "Noting that …".
_GOES_ON_PARTICIPLE = re.compile(
    # (a "that" clause only when nothing follows it: "Warning that it could collapse, the city closed …" has a subject
    # of its own)
    r"\s*(?:Adding|Saying|Noting|Insisting|Warning|Explaining|Arguing|Stressing|Claiming)"
    r"(?:\s*[,:]\s*(?=[“\"])|\s+that\s+(?=[^,;]*$))"
)


def _leaves_open(text: str) -> bool:
    """Whether a quotation opened in ``text`` is still open at its end."""
    return text.count("“") > text.count("”") + text.count('"')  # “mixed marks." close too


def _part(sentence: str, piece: _Piece, *, last: bool, interrupted: bool = False) -> str:
    """A piece's text for the standalone claim: one that others follow ends as a sentence.

    ``interrupted``: the next piece goes on in the same sentence ('“When it is all shown,” he said, “you
    will see ...”'), so this one ends with its comma, not a full stop.
    """
    part = sentence[piece.start : piece.end]
    if last or part.rstrip()[-1:] in ".!?":
        return part
    follows = sentence[piece.end : piece.end + 1]
    if interrupted and follows == ",":
        return part + ","
    return part + (follows if follows in ("?", "!") else ".")


def _claims(
    text: str,
    sentences: Sequence[Sentence],
    pieces: list[_Piece],
    persons: dict[int, tuple[Person, ...]],
    people: People,
    published: datetime | None,
    known_persons: set[str] | frozenset[str] = frozenset(),
) -> list[ClaimSpan]:
    """The pieces as claims: the parts of one quotation joined, each with its standalone text. ``known_persons``:
    claimants the rules took for persons though their names alone do not say so (a surname)."""
    pieces.sort(key=lambda p: (p.index, p.start))
    runs: list[list[_Piece]] = []
    for piece in pieces:
        last = runs[-1][-1] if runs else None
        if (
            piece.joins
            and last is not None
            and last.claimant == piece.claimant
            and piece.index - last.index <= 1
            and (piece.index, piece.start) >= (last.index, last.end)
        ):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    claims: list[ClaimSpan] = []
    previous, previous_claimant, previous_end, previous_direct = "", "", 0, False
    for run in runs:
        first, last = run[0], run[-1]
        begin = sentences[first.index].start + first.start
        end = sentences[last.index].start + last.end
        parts = [
            _part(
                sentences[p.index].text, p, last=p is last, interrupted=k + 1 < len(run) and run[k + 1].index == p.index
            )
            for k, p in enumerate(run)
        ]
        if first.actor >= 0:  # an act reads whole from its subject: "He also agreed to return the cash ..."
            parts[0] = sentences[first.index].text[first.actor : first.start] + parts[0]
        elif len(run) == 1 and first.quoted:
            parts[0] = _gap_filled(sentences[first.index].text, first.start, parts[0])
        content = text[begin:end]
        sentence = sentences[first.index].text
        direct = first.start > 0 and sentence[first.start - 1] in _OPEN_Q
        # "This"/"that" opening a claim points back to the claim before only when both are one voice's, or
        # one paragraph's in the outlet's words: a speaker's quoted "This was the fourth time" is about their
        # own story, never about what someone else said before it. Nor does the outlet's "this" after someone's
        # quotation mean the quoted words ('"We have the power to end the unrest," he said. This comes as ...').
        same_voice = first.claimant == previous_claimant
        same_paragraph = "\n" not in text[previous_end:begin]
        # The outlet's clause cut from after a comma ("While X said …, he did not …"): its "he" may be anyone the
        # sentence is about; left as written rather than given to the last person-like name.
        mid_clause = not first.quoted and first.actor < 0 and sentence[: first.start].rstrip().endswith(",")
        claimant = first.claimant.replace(_BANG, "!")
        standalone = standalone_text(
            parts,
            claimant=claimant,
            # (a surname alone taken for a person: its "it" is no person, "Trump said it would end" keeps "it")
            person=is_person(claimant) or claimant in known_persons,
            attributed=first.quoted,
            previous=previous
            if same_voice or (same_paragraph and not direct and not first.quoted and not previous_direct)
            else "",
            published=published,
            candidates=() if mid_clause else persons.get(first.index, ()),
            gender=people.gender,
            agents=people.agents,
            direct=direct,
        )
        claims.append(
            ClaimSpan(
                text=content,
                start=begin,
                end=end,
                sentence_index=first.index,
                claimant=claimant,
                claim_type=claim_type(content, sentence=sentence, attributed=first.quoted, claimant=claimant),
                stance=first.stance,
                judged_false=first.quoted
                and bool(_JUDGED_FALSE.search(sentence[max(0, first.start - 80) : first.start])),
                standalone=standalone,
                sentences=last.index - first.index + 1,
            )
        )
        previous, previous_claimant, previous_end, previous_direct = " ".join(parts), first.claimant, end, direct
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


# The learnt speaker ranker (speakers.py): the speakers the rules can see in a sentence they leave
# to the outlet, each described by the numbers the model scores.
_CUE_TOKEN = re.compile(r"(?<![\w’'-])[A-Za-z][a-z’'-]*")  # (a word's start: not "C's" inside "NBC's")
_SPEAKER_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b")
_OUTLET_LIKE = re.compile(
    r"\b(?:Times|Post|Journal|News|CNN|NBC|CBS|ABC|Fox|Reuters|Associated Press|AP|Politico|POLITICO|Breitbart|"
    r"Huffington|HuffPost|USA Today|Tribune|Herald|Magazine|Gazette|Bloomberg|MSNBC|BBC|Guardian)\b"
)
_MOST_CUES = 5  # per sentence, the strongest cue words only
# Between a speaker and the cue: a time, a party label, auxiliaries ("Jo Smith (D-Calif.) last week has said").
_BEFORE_CUE_TAIL = re.compile(
    r"(?:\s+\([^()]{1,30}\))?(?:\s+(?:on|last|this|earlier|late|early)\s+(?:[A-Z][a-z]+|week|month|year|night|"
    r"morning|afternoon|evening)(?:\s+(?:night|morning|afternoon|evening))?)?"
    r"(?:\s+(?:has|have|had|is|are|was|were|will|would|also|again|then|later|once|repeatedly|previously|"
    r"[a-z]+ly))*\s+$"
)
_CLAUSE_SUBJECT = re.compile(
    r"(?:^|[,;:]\s+|\s[–—-]+\s+)(?P<np>(?:a|an|the|one|two|three|some|several|another|many|most)\s+[^,;:“”\"()]{1,60}?)\s*$",
    re.IGNORECASE,
)
# Cues the rules decide on their own: a denial without a report ("rejected the bill") and an act not
# opening the sentence ("The levy, which Jo Smith praised, ...") are no attribution; nor is what a plan
# or a poll "would see".
_NOT_LEARNT_CUES = _DENIALS | _OPENING_ACTS | frozenset("see sees saw seen seeing".split())
_CUE_IN_NP = 0.2  # a phrase holding a word this often a cue is a clause, no speaker
_NOT_FIRST = frozenset("including among of for with by from about and".split())
# A word after these is a noun ("for talks", "the criticism"), whatever it is elsewhere.
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|for|of|in|on|his|her|their|its|our|any|no|with)\s+$", re.IGNORECASE)
_MOST_SPEAKER_WORDS = 7
_FOLLOWING_WORD = re.compile(r"\s+([a-z][\w’'-]*)")
# What follows a subject: an auxiliary, an adverb or a verb in the past or third person, not a noun.
_VERB_LIKE = re.compile(
    r"(?:has|have|had|is|are|was|were|will|would|could|can|may|might|should|must|does|did|do|also|then|"
    r"again|later|still|now|once|never|not|who|which|and|or|but|on|in|at|last|this|earlier|told|[a-z]+ly|"
    r"[a-z]+ed)"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|inside|outside|across|throughout|into)\s+(?:the\s+)?$")
_DETERMINERS = frozenset("the a an one two three some many several another other most".split())
# "did not say", "refused to confirm": a sentence with a negated report stays the outlet's (as in the rules).
_NEGATION_IN = re.compile(
    r"\b(?:not|never|[Nn]either|no longer|refused|refuses|refusing|declined|declines|declining|failed|fails)\b|n[’']t\b"
)
# "The house is said to be haunted": a passive report's subject is no speaker.
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$")


# A report inside a relative clause: "(drills) that Putin has said (he is willing to discuss)", "(a tariff),
# which Ames said (would hurt farmers)".
_RELATIVE_REPORT_BEFORE = re.compile(
    r"(?:(?<=[a-z])\s+that|,?\s+which)\s+(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|he|she|they|"
    r"(?:the|a|an|his|her|their|its)\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:(?:has|have|had|also|previously|repeatedly|once)\s+)*"
    r"(?P<cue>[a-z]+)\s+$"
)
# Nouns whose "that" opens what they name, not a relative clause ("the fact that Ames said he would run").
_CONTENT_NOUNS = frozenset(
    "fact claim claims idea notion view belief assertion report reports allegation allegations rumor rumour rumors "
    "rumours suggestion hope hopes fear fears warning news argument evidence sign signs assurance assurances "
    "promise pledge statement possibility prospect so now such".split()
)
# A content lacking its subject ("would hurt farmers") or its object ("he is willing to discuss").
_SUBJECT_GAP = re.compile(
    r"(?:would|will|could|can|may|might|should|must|was|were|is|are|has|have|had|did|does)\b(?!\s+(?:he|she|it|they)\b)"
)
_OBJECT_GAP = re.compile(
    r"\bto\s+(?:discuss|consider|accept|support|sign|buy|sell|back|see|do|make|give|take|use|pay|build|approve|fund|"
    r"reject|meet|visit|pursue|negotiate|offer|keep|ban|end)$"
)


def _gap_filled(sentence: str, start: int, part: str) -> str:
    """``part`` (a report's content starting at ``start``) with the noun phrase it lacks when it is reported inside
    a relative clause: "… drills that Putin has said he is willing to discuss" → "he is willing to discuss
    information-sharing on military drills"; "a new tariff, which Ames said would hurt farmers" → "a new tariff
    would hurt farmers"."""
    relative = _RELATIVE_REPORT_BEFORE.search(sentence, 0, start)
    if not relative or relative.group("cue") not in _SAY_VERBS:
        return part
    before = sentence[: relative.start()].rstrip(" ,")
    words = before.rsplit(None, 1)
    if not words or ("which" not in relative.group(0) and words[-1].lower() in _CONTENT_NOUNS):
        return part  # "the fact that …": "that" opens what the fact is, no relative clause
    # The noun phrase the clause is about, back to its determiner, a comma or "and": "(…, and) information-sharing
    # on military drills", "a letter of apology".
    taken: list[str] = []
    for word in reversed(before.split()[-8:]):
        if word.endswith((",", ";", ":")) or word.lower() in ("and", "or", "but"):
            break
        taken.insert(0, word)
        if word.lower() in _DETERMINERS:
            break
    while taken and taken[0].lower() in _PREPOSITIONS:
        taken.pop(0)  # "(and) on data-sharing": the noun, not its preposition
    np = " ".join(taken)
    if not np or _CUE.search(np) or any(w.lower() in _FINITE_WORDS for w in taken):
        return part  # ("Roffman signed a letter": a clause, no noun phrase)
    if _SUBJECT_GAP.match(part):
        return f"{np[:1].upper()}{np[1:]} {part}" if part[:1].isupper() else f"{np} {part}"
    if _OBJECT_GAP.search(part):
        return f"{part} {np}"
    return part


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    spans = [(q.start("c"), q.end("c")) for q in _QUOTE.finditer(sentence)]
    last = max((sentence.rfind(q) for q in "“«"), default=-1)
    if last >= 0 and not any(s - 1 <= last < e for s, e in spans) and not any(q in sentence[last:] for q in "”»"):
        spans.append((last, len(sentence)))
    return spans


# A verb's past form before a name makes the name its object ("Barr put Hawk Sawyer in charge", "hired Jo Ames").
_VERB_BEFORE = re.compile(
    r"(?:^|(?<=[\s,;:“\"(]))(?P<pre>[\w’'-]+[\s,]+)?(?P<verb>[a-z]{2,}ed|put|made|gave|sent|let|set|left|kept|took|"
    r"brought|met|hit|beat|chose|named|hired|fired|sued|thanked|told|asked|urged|called|appointed)\s+$"
)
_NOT_VERBS_BEFORE = frozenset("the a an his her their its this that these those our my your".split())


def _object_of_act(sentence: str, start: int, cues: dict[str, tuple[float, float]], min_cue: float) -> bool:
    """Whether the phrase at ``start`` follows a verb as its object: "Barr put Hawk Sawyer in charge". Not a
    speaker after an inverted cue ('…,” said Jo Smith', "…, warned Jo Smith"), nor after an adjective in -ed
    ("the embattled Jo Smith said")."""
    before = _VERB_BEFORE.search(sentence, max(0, start - 40), start)
    if before is None:
        return False
    pre = (before.group("pre") or "").strip(" ,").lower()
    if pre in _NOT_VERBS_BEFORE:
        return False  # "the embattled Jo Smith": an adjective
    verb = before.group("verb")
    inverted = sentence[: before.start("verb")].rstrip().endswith((",", *_CLOSE_Q))
    return not (inverted and (verb in _SAY_VERBS or cues.get(verb, (0.0,))[0] >= min_cue))


def _speaker_candidates(
    sentence: str,
    cues: dict[str, tuple[float, float]],
    min_cue: float,
    *,
    speakers: _Speakers,
    persons: Sequence[Person],
    gender: dict[str, str],
    previous: str,
    known: set[str],
    common: set[str],
) -> list[tuple[str, int, int, dict[str, float]]]:
    """The speakers the rules can see in ``sentence``: (claimant, start, end, features), for speakers.py."""
    if len(sentence) > _LONGEST_ATTRIBUTED or _NEGATION_IN.search(sentence) or sentence.rstrip().endswith(":"):
        return []  # no real sentence is this long; a negated report ("did not say that ...") claims nothing
    quoted = _quoted_spans(sentence)

    def in_quote(at: int) -> bool:
        return any(s <= at < e for s, e in quoted)

    found_cues = []
    for m in _CUE_TOKEN.finditer(sentence):
        entry = cues.get(m.group(0).lower())
        word = m.group(0).lower()
        if (
            not entry
            or entry[0] < min_cue
            or word in _NOT_LEARNT_CUES
            or in_quote(m.start())
            or _PASSIVE_BEFORE.search(sentence, max(0, m.start() - 24), m.start())
        ):
            continue
        if _NOUN_BEFORE.search(sentence, max(0, m.start() - 8), m.start()):
            continue  # "for talks", "the criticism": a noun, no verb of saying
        if (
            word in ("maintained", "maintains", "maintain")
            and _KEPT_OBJECT.match(sentence, m.end())
            and not re.search(r"\bthat\b", sentence[m.end() : m.end() + 60])
        ):
            # "Biden has maintained a significant polling lead": something kept, as the rules read it ("has
            # maintained a position that …" reports)
            continue
        if (
            word in _LINKED_ONLY
            and not _linked_report(sentence[m.end() :])
            and not _AFTER_TOLD.match(sentence[m.end() :])
        ):
            continue  # "Karl Dell told the story of his farm": no report without "that", a colon or a quote
        if not quoted and _writers_clause_after(sentence, m.end(), _speaker_start(sentence, m.start())):
            # "smaller than what McKinley said, but his number is …": the writer's clause after the cue (not a
            # trailing tag: "…, researchers reported, though the trial was small")
            continue
        found_cues.append((m.start(), m.end(), word, entry))
    if not found_cues:
        return []
    found_cues = sorted(sorted(found_cues, key=lambda c: -c[3][0])[:_MOST_CUES])
    words_in = len(sentence.split())
    rows: dict[tuple[int, int, int], tuple[str, int, int, dict[str, float]]] = {}
    subject = _sentence_subject(sentence)
    subject_at = sentence.find(subject) if subject else -1

    # "his often-repeated vow that ...": a cue word that is a noun here, nobody's report (no speaker for it).
    noun_cues = {c[0] for c in found_cues if _NOUN_CUE.search(sentence, 0, c[0])}

    def add(np: str, start: int, cue: tuple, relation: str, first: bool) -> None:
        np = np.strip(" ,")
        if not np or start < 0 or in_quote(start) or cue[0] in noun_cues:
            return
        words = np.split()
        common_phrase = np[:1].islower() or (
            # "The decision" opening the sentence: capitalised only there
            words[0].lower() in _DETERMINERS and all(w[:1].islower() for w in words[1:])
        )
        if (
            common_phrase
            and words[-1].lower() in _NO_SPEAKING_HEADS
            or (np.lower().startswith("the ") and _PERSON_DESCRIPTION.fullmatch(np[4:]))
        ):
            # (a description, "the billionaire businessman", is resolved to a person only by the rules)
            return  # "The decision puts the US at odds ...": a thing done, not a speaker
        if np[:1].isupper() and _PLACE_BEFORE.search(sentence, max(0, start - 20), start):
            return  # "In a retelling in the Cabinet Room, he said ...": a place, never the speaker
        owned = _OWNED_THING.fullmatch(np)
        if owned and not _speaking_head(owned.group("head")):
            return  # "Sondland’s appearance follows …", "Trump’s call": someone's thing, no speaker ("X’s lawyer" is)
        if _object_of_act(sentence, start, cues, min_cue):
            return  # "Barr put Hawk Sawyer in charge": the object of an act is no speaker
        first_word, _, rest = np.partition(" ")
        if start == 0 and rest[:1].islower() and _OPENING_ADVERB.fullmatch(first_word):
            np, start = rest.lstrip(), len(first_word) + 1 + (len(rest) - len(rest.lstrip()))  # "Normally the offer"
        end = start + len(np)
        low = np.lower()
        kind = ""
        if low in ("he", "she"):
            # the person quoted just before, as the rules read "he said"; else whom the paragraph is about
            recent = (
                previous
                if previous
                and any(p.name == previous for p in persons)  # (a person the paragraphs name, no title of a book)
                and not _titled_other_gender(previous, low)
                and gender.get(previous) in (None, _GENDER_OF[low])  # (as the article shows it)
                else ""
            )
            # ("Mr. Trump", a person the paragraphs name by a title and a surname, is "Trump" as the rules name him;
            # "Mrs. May" stays whole: "May" alone is a month)
            meant = recent or referent(low, persons, gender)
            stripped = _strip_titles(meant) if meant else ""
            claimant = stripped if stripped and stripped.split()[-1].lower() not in _NOT_SPEAKERS else meant
            kind = "he_she"
        elif low in ("they", "it"):
            claimant = previous if previous and not is_person(previous) else ""
            kind = low
        elif low in PRONOUNS or low in ("you", "there", "this", "that"):
            return
        else:
            parts = low.split()
            object_end = len(parts) > 2 and parts[-1] in ("him", "her", "them", "us", "it")  # "a source close to him"
            if (
                parts[0] in _NOT_IN_SUBJECT
                or (parts[-1] in _NOT_IN_SUBJECT and not object_end)
                or parts[0] in _NOT_FIRST
                or parts[0] in _PREPOSITIONS
            ):  # "In Kyiv": a place
                return
            inner = [
                w
                for k, w in enumerate(parts[:-1] if object_end else parts)
                if not (w == "to" and k and parts[k - 1] == "close")
            ]  # "a source close to the mayor"
            if np[:1].islower() and (
                len(parts) > _MOST_SPEAKER_WORDS
                or parts[-1] in _PREPOSITIONS
                or any(w in _NOT_IN_SUBJECT for w in inner)
            ):
                return  # "the move could give Moscow cause for": a clause, no speaker
            if parts[-1] in ("and", "or", "but"):
                return  # "The city runs its own monitor and (reported)": a clause cut at its conjunction
            if any(cues.get(w, (0.0,))[0] >= _CUE_IN_NP for w in parts) or parts[-1].endswith(("ed", "ing")):
                return  # "60 second ad ends with a", "challenged": a clause, not a speaker
            following = _FOLLOWING_WORD.match(sentence, end)
            if (
                np[:1].isupper()
                and following
                and not _VERB_LIKE.fullmatch(following.group(1))
                and cues.get(following.group(1), (0.0,))[0] < min_cue
            ):
                return  # "Clinton’s Democratic (opponent)", "Crime (experts)": a modifier of the speaker
            if (
                len(parts) == 1
                and np[:1].isupper()
                and (
                    parts[0] in _OPENING_ADVERBS
                    or start == 0
                    and (parts[0] in common or len(parts[0]) < 3 or _OPENING_ADVERB.fullmatch(np))
                )
            ):
                return  # "Among", "Large": an ordinary word opening the sentence
            if relation == "after" and np[:1].islower() and parts[0] not in _DETERMINERS:
                return  # "said (close within a year)": the content, not a speaker
            if np[:1].isupper() and np.split()[-1][:1].isupper() and any(w[:1].islower() for w in np.split()):
                named = _NP_BEFORE.search(np)  # "Democratic candidate Jo Smith" → "Jo Smith"
                if named and is_person(_strip_titles(named.group("np"))):
                    np = named.group("np")
            claimant = speakers.resolve(np)
            kind = ("name_person" if is_person(claimant) else "name_other") if np[:1].isupper() else "lower"
        if not claimant or claimant.lower() in _NOT_SPEAKERS or claimant.split()[0].lower() in _NOT_FIRST:
            return  # ("The US, UK and Western allies" → "and Western allies")
        cs, ce, word, (ratio, count) = cue
        before = end <= cs
        gap = len(sentence[end:cs].split()) if before else len(sentence[ce:start].split())
        head = sentence[:start].rstrip()
        prev_word = head.rsplit(None, 1)[-1].lower() if head else ""
        right = sentence[ce : ce + 12]
        features = {
            "cue_ratio": ratio,
            "cue_ratio_sq": ratio * ratio,
            "cue_log_count": math.log1p(count),
            "cue_say": float(word in _SAY_VERBS),
            "cue_act": float(word in _ACT_WORDS),
            "cue_denial": float(word in _DENIALS),
            "cue_finding": float(word in _FINDINGS),
            "before": float(before and relation != "other"),
            "before_adjacent": float(before and gap == 0),
            "before_near": float(before and 0 < gap <= 4),
            "after": float(not before),
            "after_adjacent": float(not before and gap == 0),
            "subject": float(relation == "subject"),
            "other": float(relation == "other"),
            kind: 1.0,
            "determiner": float(low.split()[0] in ("the", "a", "an", "one", "some", "many", "several")),
            "possessive": float(low.endswith(("’s", "'s"))),
            "words": min(len(np.split()), 8) / 4,
            "np_first": float(start == subject_at or not any(ch.isalnum() for ch in sentence[:start])),
            "comma_before": float(head.endswith(",")),
            "comma_after": float(sentence[end : end + 1] == ","),
            "preposition_before": float(prev_word in _PREPOSITIONS and prev_word != "by"),
            "by_before": float(prev_word == "by"),
            "quote_in_sentence": float(bool(quoted)),
            "link_after_cue": float(
                right.lstrip().startswith(("that ", ":")) or right[:1] == ":" or right.lstrip()[:1] in _OPEN_Q
            ),
            "negated": float(bool(_NEGATED_REPORT.search(sentence[max(0, cs - 40) : cs]))),
            "first_cue": float(first),
            "cues": min(len(found_cues), 5) / 5,
            "previous_speaker": float(claimant == previous),
            "known_speaker": float(claimant in known),
            "outlet_like": float(bool(_OUTLET_LIKE.search(np))),
            "sentence_words": min(words_in, 60) / 30,
            "distance": min(gap, 20) / 10,
            "cue_position": cs / max(1, len(sentence)),
            "after_share": len(sentence[ce:].split()) / max(1, words_in),
            "clause_after": float(bool(_CLAUSE_START.match(sentence[ce:].lstrip().removeprefix("that ")))),
            "to_before_cue": float(sentence[max(0, cs - 3) : cs] == "to "),
            # The content is likely the rest of the sentence after a cue that follows its speaker, or
            # what comes before a speaker and cue that end it ("..., a source said").
            f"cue_{word}": 1.0,
            "content_after": float(before and len(sentence[ce:].split()) >= 3),
            "content_before": float(
                len(sentence[: min(start, cs)].split()) >= 3 and len(sentence[max(end, ce) :].split()) <= 4
            ),
        }
        key = (start, end, cs)
        if key not in rows or relation != "other":
            rows[key] = (claimant, start, end, features)

    for n, cue in enumerate(found_cues):
        cs, ce = cue[0], cue[1]
        left, right = sentence[:cs], sentence[ce:]
        left = _BEFORE_CUE_TAIL.sub(" ", left) if left.endswith(" ") else left  # "Jo Smith on Tuesday (said)"
        np = _np_before(left)
        if np:
            add(np, left.rfind(np), cue, "before", n == 0)
        lower = _lower_subject(left)
        if not lower:
            lower = _CLAUSE_SUBJECT.search(left[-100:])  # "..., a source close to him (said)"
            lower = lower.group("np") if lower else ""
        if lower:
            add(lower, left.rfind(lower), cue, "before", n == 0)
        after = _speaker_after(right)
        if after:
            add(after, ce + right.find(after), cue, "after", n == 0)
        if subject and subject_at < cs:
            add(subject, subject_at, cue, "subject", n == 0)
    for m in _NAME.finditer(sentence):
        cue = next((c for c in found_cues if c[0] >= m.end()), found_cues[-1])
        add(m.group(0), m.start(), cue, "other", cue is found_cues[0])
    for m in _SPEAKER_PRONOUN.finditer(sentence):
        cue = next((c for c in found_cues if c[0] >= m.end()), found_cues[-1])
        add(m.group(0), m.start(), cue, "other", cue is found_cues[0])
    # A speaker with another candidate between it and its cue is rarely the one ("Cruz ..., a source said").
    ends: dict[int, list[tuple[int, int]]] = {}
    for start, end, cs in rows:
        ends.setdefault(cs, []).append((start, end))
    for (start, end, cs), (_, _, _, features) in rows.items():
        features["nearer_before"] = float(
            end <= cs and any(end <= s and e <= cs and (s, e) != (start, end) for s, e in ends[cs])
        )
    return list(rows.values())
