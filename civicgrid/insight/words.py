"""Chinese words out of a report's text, by jieba (its dictionary ships inside the package:
nothing is downloaded). The classifier reads these words and the characters' short runs, so an
unknown word still counts by its characters."""

from __future__ import annotations

import logging
import re
import threading

import jieba

jieba.setLogLevel(logging.WARNING)
_READY = threading.Lock()
_loaded = False
# what carries no meaning for the class: particles, fillers, politeness, digits and punctuation
STOP_WORDS = (
    "的 了 是 在 有 我 你 他 她 它 们 这 那 就 都 也 还 很 太 和 跟 把 被 让 给 说 吗 呢 吧 啊 呀 哦 嗯 "
    "喂 您好 你好 麻烦 请 一下 一个 一些 已经 好几 几天 今天 昨天 现在 一直 没有 不 没 要 能 会 "
    "可以 我们 你们 他们 这个 那个 这里 那里 什么 怎么 谢谢 请问 帮忙 处理 反映 情况 问题"
)
STOP = frozenset(STOP_WORDS.split())
NOISE = re.compile(r"[\s\d０-９a-zA-Z，。！？、；：“”‘’（）《》【】,.!?;:'\"()\[\]<>/\\-]+")


def _ready() -> None:
    global _loaded
    if not _loaded:
        with _READY:
            if not _loaded:
                jieba.initialize()
                _loaded = True


def words(text: str) -> list[str]:
    """The meaningful words of ``text``, in order (a module-level function: the trained model
    refers to it by name)."""
    _ready()
    return [w for w in jieba.lcut(NOISE.sub(" ", text)) if w.strip() and w not in STOP]


def chars(text: str) -> str:
    """The text with what carries no meaning removed, for the character n-grams."""
    return NOISE.sub("", text)
