"""Claim matching: a claim in, the earlier claims and verdicts that state it out.

Pure modules (strings, numpy and dataclasses; no ORM): ``text`` normalises,
``lexical`` and ``encoder`` retrieve, ``rerank`` scores, ``index`` keeps it all
incremental and persistent, ``pool`` reads the CheckThat!-style files, ``trec``
writes runs and computes MAP. ``claims.services.matching`` saves the results.
"""
