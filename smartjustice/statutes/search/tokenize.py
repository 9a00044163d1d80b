"""Words of articles and questions: jieba segmentation, minus function words and punctuation.

The stop list holds question words and particles of everyday Chinese (什么, 怎么办, 吗, 请问)
that say nothing about which law applies; it is general, not tuned to any question set."""
import functools
import re

STOPWORDS = frozenset("""
的 了 吗 呢 吧 啊 是 在 有 和 与 或 及 被 把 对 为 以 之 等 什么 怎么 怎样 如何 哪些 哪个 是否 能否
可以 可否 能 会 要 应该 应当 需要 怎么办 么 我 你 他 她 它 我们 他们 自己 这 那 这个 那个 这样 那样
一个 没有 不 还 也 都 就 又 如果 但是 但 而 则 请问 问 请 该 其 所 若 即 就是 还是 哪 谁 多少 几 后
前 时 中 上 下 里 给 让 向 从 到 由 于 着 过 已经 现在 情况 问题 我该
""".split())
_PUNCTUATION = re.compile(r"[\s\W_]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


# A count with its classifier that jieba cut off before 月: 三个 | 月工资, 这个 | 月工资.
_COUNT_BEFORE_MONTH = re.compile(r"^[0-9零〇一二两三四五六七八九十百几半多这那每]+个$")
# The 月X words of jieba's dictionary that hide a word of the law: 月工资 → 工资. Not 月饼, 月亮.
_MONTHLY = frozenset({"月工资", "月薪", "月收入", "月租金"})


def _join_months(tokens: list[str]) -> list[str]:
    """jieba's dictionary holds 月工资, so "三个月工资" comes out as 三个 | 月工资 and the question
    loses 工资 (劳动法第五十条 "不得克扣或者无故拖欠劳动者的工资" no longer matches).
    A duration is "N个月": re-cut N个 | 月工资 into N个月 | 工资 (only for the 月X words above,
    so 三个 | 月饼 stays as it is)."""
    repaired: list[str] = []
    for token in tokens:
        if token in _MONTHLY and repaired and _COUNT_BEFORE_MONTH.match(repaired[-1]):
            repaired[-1] += "月"
            token = token[1:]
        repaired.append(token)
    return repaired


def words(text: str) -> list[str]:
    """jieba's words of `text` without stop words and punctuation."""
    return [word for word in _join_months(_jieba().lcut(text))
            if word not in STOPWORDS and not _PUNCTUATION.fullmatch(word)]


def title_words(text: str) -> list[str]:
    """Words of titles and headings, with the shorter words inside long ones (search mode),
    so 劳动合同法 also yields 劳动, 合同."""
    return [word for word in _jieba().lcut_for_search(text)
            if word not in STOPWORDS and not _PUNCTUATION.fullmatch(word)]


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of Chinese characters within each run of Chinese text, so a question
    still meets an article where jieba cut the words differently (承包经营权 is one jieba word;
    its bigrams 承包, 经营 meet the 承包 and 经营 of a question)."""
    return [run[i:i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)]


def question_bigrams(text: str) -> list[str]:
    """bigrams of a question, minus those that are stop words themselves (什么, 怎么, 可以)."""
    return [pair for pair in bigrams(text) if pair not in STOPWORDS]
