"""What a brief says, built once, without language or medium (see :mod:`.schema`)."""

from helpers.brief.content.assemble import build_content, default_year
from helpers.brief.content.document import BriefContent, from_json, to_json

__all__ = ["BriefContent", "build_content", "default_year", "from_json", "to_json"]
