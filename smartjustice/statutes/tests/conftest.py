"""Fixtures of the statute tests: small law folders written into tmp_path in the layout of
shared/laws (no law file is copied into the repository)."""
import textwrap
from pathlib import Path

import pytest

RECONSIDERATION_2017 = """\
# 中华人民共和国行政复议法

1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过

2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议《关于修改〈中华人民共和国法官法〉等八部法律的决定》第二次修正

<!-- INFO END -->

## 第一章 总 则

第一条 为了防止和纠正违法的或者不当的具体行政行为，制定本法。

## 第三章 行政复议申请

第九条 公民、法人或者其他组织认为具体行政行为侵犯其合法权益的，可以自知道该具体行政行为之日起六十日内提出行政复议申请。
"""

RECONSIDERATION_2023 = """\
# 中华人民共和国行政复议法

1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过

2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正

2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议《关于修改〈中华人民共和国法官法〉等八部法律的决定》第二次修正

2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订

<!-- INFO END -->

## 第一章　总　则

第一条 为了防止和纠正违法的或者不当的行政行为，保护公民、法人和其他组织的合法权益，制定本法。

## 第三章 申请

### 第一节 申请人

第十条 依照本法申请行政复议的公民、法人或者其他组织是申请人。

第二十条 公民、法人或者其他组织认为行政行为侵犯其合法权益的，可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请；但是法律规定的申请期限超过六十日的除外。

因不可抗力或者其他正当理由耽误法定申请期限的，申请期限自障碍消除之日起继续计算。

### 第二节 受理

第三十条 行政复议机关收到行政复议申请后，应当在五日内进行审查。

## 第七章 附 则

第八十八条 行政复议期间有关“三日”、“五日”、“七日”、“十日”的规定是指工作日，不含法定休假日。
"""

CRIMINAL = """\
# 中华人民共和国刑法

1979年7月1日 第五届全国人民代表大会第二次会议通过

1997年3月14日 第八届全国人民代表大会第五次会议修订

<!-- INFO END -->

## 第二编 分则

### 第三章 破坏社会主义市场经济秩序罪

第一百二十条 组织、领导恐怖活动组织的，处十年以上有期徒刑或者无期徒刑。

第一百二十条之一 资助恐怖活动组织的，处五年以下有期徒刑。

第二百零一条 纳税人采取欺骗、隐瞒手段进行虚假纳税申报的，处三年以下有期徒刑或者拘役。
"""

CIVIL_CODE_GENERAL = """\
# 中华人民共和国民法典

# 总则

2020年5月28日 第十三届全国人民代表大会第三次会议通过

2021年1月1日 施行

<!-- INFO END -->

## 第一章  基本规定

第一条 为了保护民事主体的合法权益，制定本法。

## 第二章 自然人

第十七条 十八周岁以上的自然人为成年人。不满十八周岁的自然人为未成年人。
"""

CIVIL_CODE_SUPPLEMENTARY = """\
# 中华人民共和国民法典

# 附则

2020年5月28日 第十三届全国人民代表大会第三次会议通过

2021年1月1日 施行

<!-- INFO END -->

##

第一千二百五十九条 民法所称的“以上”、“以下”、“以内”、“届满”，包括本数。
"""

REGULATION = """\
# 个体工商户条例

2011年4月16日 中华人民共和国国务院令第596号公布

<!-- INFO END -->

第二条 有经营能力的公民，依照本条例规定经工商行政管理部门登记，从事工商业经营的，为个体工商户。
"""


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


SMALL_CORPUS = {
    "行政法/行政复议法(2017-09-01).md": RECONSIDERATION_2017,
    "行政法/行政复议法(2023-09-01).md": RECONSIDERATION_2023,
    "行政法/_index.md": "---\nbookCollapseSection: true\n---",
    "刑法/刑法.md": CRIMINAL,
    "民法典/总则.md": CIVIL_CODE_GENERAL,
    "民法典/附则.md": CIVIL_CODE_SUPPLEMENTARY,
    "行政法规/个体工商户条例(2011-04-16).md": REGULATION,
    "经济法/个体工商户条例(2011-04-16).md": REGULATION,
}


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A law folder with two versions of 行政复议法, 刑法 with an inserted article,
    民法典 in two part files, and one regulation filed under two categories."""
    return write_corpus(tmp_path / "laws", SMALL_CORPUS)


@pytest.fixture
def library(db, corpus_dir):
    from smartjustice.statutes.services import import_corpus

    import_corpus(corpus_dir, rebuild_index=False)
    return corpus_dir
