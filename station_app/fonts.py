"""The Chinese font embedded in every printed slip.

reportlab embeds TrueType outlines only (a .ttf, or one face of a .ttc), subsetted to the
characters used. Fonts with CFF outlines (Noto Sans CJK .otf/.ttc, PingFang) are refused by
reportlab, and a font without Latin digits (Droid Sans Fallback) would drop "138****5678",
so every candidate is loaded and its character map checked before it is chosen. The
built-in CID font STSong-Light is never used: it is not embedded, and a viewer or printer
without a Chinese font prints boxes.
"""

from __future__ import annotations

import fnmatch
import os
import struct
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from station_app.errors import StationError

ENV_VAR = "STATION_CJK_FONT"

# Characters a slip cannot do without: Chinese, digits of a masked phone, Latin letters.
CHINESE_SAMPLE = "驿站台账签到"
LATIN_SAMPLE = "0123456789*ABC"

# File names, best first, with the face to use in a collection (.ttc). Matched without
# regard to case. Fonts with CFF outlines are listed too: loading them is what refuses them,
# so a later, TrueType release of the same file is taken.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("msyh.ttc", 0),  # Microsoft YaHei (Windows 8 and later)
    ("msyh.ttf", 0),  # Microsoft YaHei (Windows 7)
    ("simsun.ttc", 0),  # SimSun
    ("simhei.ttf", 0),  # SimHei
    ("msyhbd.ttc", 0),
    ("msyhbd.ttf", 0),
    ("wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("notosanscjk*.ttc", 2),  # face 2 is Simplified Chinese
    ("notosanssc*.ttf", 0),
    ("stheiti light.ttc", 0),  # macOS
    ("stheiti medium.ttc", 0),
    ("pingfang.ttc", 0),  # CFF: refused when loaded
    ("arial unicode.ttf", 0),
    ("droidsansfallback*.ttf", 0),  # no Latin digits: refused by the character check
)


class FontMissing(StationError):
    """No Chinese TrueType font that reportlab can embed was found (or the one named is unfit)."""


@dataclass(frozen=True)
class CjkFont:
    path: Path
    subfont_index: int
    name: str  # the font's own (PostScript) name, e.g. WenQuanYiMicroHei


def font_folders(platform: str | None = None, env: Mapping[str, str] | None = None) -> list[Path]:
    """The folders where this operating system keeps fonts, system-wide and per user."""
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    home = Path.home()
    if platform.startswith("win"):
        folders = [Path(env.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if local := env.get("LOCALAPPDATA"):
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return folders
    if platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        data_home / "fonts",
        home / ".fonts",
    ]


def _font_files(folders: Iterable[Path]) -> list[tuple[Path, int]]:
    """Files in ``folders`` (searched recursively) whose names are candidates, best first."""
    found: list[tuple[int, str, Path, int]] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for file in files:
                lower = file.lower()
                for rank, (pattern, index) in enumerate(CANDIDATES):
                    if fnmatch.fnmatchcase(lower, pattern):
                        found.append((rank, str(Path(root) / file), Path(root) / file, index))
                        break
    found.sort(key=lambda f: (f[0], f[1]))
    return [(path, index) for _rank, _key, path, index in found]


_loaded: dict[tuple[str, int], TTFont] = {}
_lock = threading.Lock()


def _load(path: Path, index: int) -> TTFont:
    """The font's face as reportlab reads it (kept: registering reuses it)."""
    key = (str(path), index)
    with _lock:
        font = _loaded.get(key)
        if font is None:
            font = TTFont(f"StationCJK-{len(_loaded)}", str(path), subfontIndex=index)
            _loaded[key] = font
        return font


def missing_characters(char_to_glyph: Mapping[int, int], sample: str) -> str:
    """The characters of ``sample`` that have no glyph in a font's character map."""
    return "".join(c for c in sample if not char_to_glyph.get(ord(c)))


def _check(path: Path, index: int) -> tuple[CjkFont | None, str, str]:
    """The font at ``path`` if reportlab can embed it and it draws Chinese, digits and Latin;
    otherwise None and the reason in Chinese and English."""
    try:
        font = _load(path, index)
    except (TTFError, OSError, ValueError, LookupError, struct.error) as exc:
        reason = str(exc).strip() or type(exc).__name__
        if "postscript outlines" in reason.lower():
            return (
                None,
                "字体轮廓是 PostScript (CFF)，无法嵌入 PDF",
                "its outlines are PostScript (CFF), which cannot be embedded",
            )
        return (
            None,
            f"不是可用的 TrueType 字体（{reason}）",
            f"not a usable TrueType font ({reason})",
        )
    cmap = font.face.charToGlyph
    lacking = missing_characters(cmap, CHINESE_SAMPLE + LATIN_SAMPLE)
    if lacking:
        return (
            None,
            f"缺少这些字符的字形：{lacking}",
            f"it has no glyphs for these characters: {lacking}",
        )
    name = font.face.name
    name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
    return CjkFont(path=path, subfont_index=index, name=name), "", ""


def _install_hint() -> tuple[str, str]:
    return (
        "Linux 请安装文泉驿微米黑：sudo apt-get install fonts-wqy-microhei；"
        "Windows 自带微软雅黑 (msyh.ttc) 和宋体 (simsun.ttc)，请检查 Windows\\Fonts 文件夹；"
        f"也可以用环境变量 {ENV_VAR}=/字体路径/font.ttc[#序号] 指定一个 TrueType 中文字体",
        "On Linux install WenQuanYi Micro Hei: sudo apt-get install fonts-wqy-microhei; "
        "Windows ships Microsoft YaHei (msyh.ttc) and SimSun (simsun.ttc) in Windows\\Fonts; "
        f"or name a Chinese TrueType font with {ENV_VAR}=/path/to/font.ttc[#index]",
    )


def _from_variable(value: str) -> CjkFont:
    """The font named by STATION_CJK_FONT (``path`` or ``path#index``), or FontMissing."""
    path_text, index = value, 0
    head, sep, tail = value.rpartition("#")
    if sep and tail.strip().isdigit():
        path_text, index = head, int(tail)
    path = Path(path_text.strip()).expanduser()
    hint_zh, hint_en = _install_hint()
    if not path.is_file():
        raise FontMissing(
            f"环境变量 {ENV_VAR} 指定的字体文件不存在：{path}。{hint_zh}",
            f"The font file named by {ENV_VAR} does not exist: {path}. {hint_en}",
            field=ENV_VAR,
        )
    font, why_zh, why_en = _check(path, index)
    if font is None:
        raise FontMissing(
            f"环境变量 {ENV_VAR} 指定的字体 {path}（字体集合中的第 {index} 个）"
            f"不能用于打印：{why_zh}。{hint_zh}",
            f"The font named by {ENV_VAR}, {path} (face {index}), cannot be used for printing: "
            f"{why_en}. {hint_en}",
            field=ENV_VAR,
        )
    return font


def find_cjk_font(
    folders: Sequence[Path] | None = None, env: Mapping[str, str] | None = None
) -> CjkFont:
    """The Chinese TrueType font to embed: the one named by STATION_CJK_FONT, or the best
    one found in ``folders`` (by default this system's font folders).

    Raises FontMissing, naming what to install, when there is none.
    """
    env = os.environ if env is None else env
    if value := env.get(ENV_VAR, "").strip():
        return _from_variable(value)
    tried: list[str] = []
    for path, index in _font_files(font_folders(env=env) if folders is None else folders):
        font, _zh, why_en = _check(path, index)
        if font is not None:
            return font
        tried.append(f"{path.name}: {why_en}")
    hint_zh, hint_en = _install_hint()
    seen_zh = f"（找到但不能用：{'; '.join(tried)}）" if tried else ""
    seen_en = f" (found but unfit: {'; '.join(tried)})" if tried else ""
    raise FontMissing(
        f"找不到能嵌入 PDF 的中文 TrueType 字体，无法打印{seen_zh}。{hint_zh}",
        f"No Chinese TrueType font that can be embedded in a PDF was found, so nothing can be "
        f"printed{seen_en}. {hint_en}",
        field="Font",
    )


_registered: str | None = None


def register_cjk_font() -> str:
    """Register the Chinese font with reportlab (once per process) and return its name for
    ``canvas.setFont``. reportlab subsets it into each PDF that uses it."""
    global _registered
    if _registered is not None:
        return _registered
    found = find_cjk_font()
    font = _load(found.path, found.subfont_index)
    with _lock:
        if _registered is None:
            pdfmetrics.registerFont(font)
            _registered = font.fontName
        return _registered
