"""Everyday words → the words the statutes use for the same thing (query understanding for lay
wording, issue #3 §2).

A citizen writes 老板, 房东, 车祸, 社保; the articles say 用人单位, 出租人, 交通事故, 社会保险.
BM25 cannot bridge that, and the small dense model often does not. Each everyday word of a
question adds its statutory words to the lexical query at a lower weight than the question's own
words (index.WEIGHTS["lay"]), so the expansion helps when the question names the thing in
everyday words and cannot outweigh what the person actually wrote.

The list is written from common usage, one entry per everyday word (as jieba cuts it) — not
from any benchmark's questions; every statutory word is a single word of the tokenizer
(tests/test_search.py checks both). Extend it the same way: an everyday word, and the word the
law uses for it.
"""
LAY_TO_STATUTORY: dict[str, tuple[str, ...]] = {
    # Work (劳动合同法, 劳动法, 社会保险法)
    "工资": ("劳动报酬",), "工钱": ("劳动报酬", "工资"), "薪水": ("工资", "劳动报酬"),
    "薪资": ("工资", "劳动报酬"), "老板": ("用人单位",), "辞退": ("解除", "劳动合同"),
    "开除": ("解除", "劳动合同"), "炒鱿鱼": ("解除", "劳动合同"), "加班费": ("加班", "延长"),
    "社保": ("社会保险",), "倒闭": ("破产", "解散"), "低保": ("最低", "生活", "保障"),
    # Family (民法典婚姻家庭编、继承编)
    "老公": ("配偶", "夫妻"), "丈夫": ("配偶", "夫妻"), "老婆": ("配偶", "夫妻"), "妻子": ("配偶", "夫妻"),
    "两口子": ("夫妻",), "彩礼": ("婚约",), "出轨": ("同居", "过错"), "孩子": ("子女", "未成年人"),
    "小孩": ("子女", "未成年人"), "养老": ("赡养",), "家产": ("遗产", "继承"),
    # Housing, money, contracts
    "房东": ("出租人",), "租客": ("承租人",), "房客": ("承租人",), "房租": ("租金",), "中介": ("中介人",),
    "欠钱": ("借款", "债务"), "借钱": ("借款",), "欠条": ("借款", "债权"), "借条": ("借款",),
    "物业费": ("物业", "服务"), "邻居": ("相邻",), "装修": ("装饰",), "拆迁": ("征收", "补偿"),
    # Courts and enforcement
    "打官司": ("诉讼", "起诉"), "老赖": ("失信", "被执行人"),
    # Roads, consumers, health
    "车祸": ("交通事故",), "撞车": ("交通事故", "机动车"), "被车撞": ("交通事故", "机动车"),
    "司机": ("驾驶", "机动车"), "酒驾": ("饮酒", "醉酒"), "假货": ("欺诈",), "网购": ("网络", "电子商务"),
    "网店": ("电子商务", "经营者"), "商家": ("经营者",), "医院": ("医疗机构",), "医生": ("医务人员",),
    "看病": ("诊疗",), "狗": ("饲养", "动物"),
    # Crime
    "打人": ("殴打", "伤害"), "打架": ("殴打", "伤害"), "骗钱": ("诈骗",), "小偷": ("盗窃",),
    "偷东西": ("盗窃",), "坐牢": ("有期徒刑", "刑罚"),
}


def expand(question_words: list[str]) -> list[str]:
    """The statutory words for the everyday words of a question, each once, leaving out those
    the question already has."""
    present = set(question_words)
    added: list[str] = []
    for word in question_words:
        for statutory in LAY_TO_STATUTORY.get(word, ()):
            if statutory not in present and statutory not in added:
                added.append(statutory)
    return added
