"""The demo set-up: a Tongxiang-like county with its bureau, offices, partners and people.

Organisation names follow the real administrative structure of 桐乡市 (Jiaxing,
Zhejiang); law firms, mediators and all people are fictitious. ID numbers and credit
codes are generated with valid check digits but belong to nobody.
"""
from smartjustice.orgs.choices import Kind, Level, Role

# (code, name, English name, kind, level, parent code)
ORGANISATIONS = [
    ("zj-sft", "浙江省司法厅", "Zhejiang Provincial Department of Justice", Kind.JUSTICE_BUREAU, Level.PROVINCE, None),
    ("jx-sfj", "嘉兴市司法局", "Jiaxing Municipal Justice Bureau", Kind.JUSTICE_BUREAU, Level.CITY, "zj-sft"),
    ("tx-sfj", "桐乡市司法局", "Tongxiang Justice Bureau", Kind.JUSTICE_BUREAU, Level.COUNTY, "jx-sfj"),
    ("tx-fyj", "桐乡市人民政府行政复议局", "Tongxiang Administrative Reconsideration Office", Kind.RECONSIDERATION_BODY, Level.COUNTY, "tx-sfj"),
    ("tx-wutong", "梧桐司法所", "Wutong Judicial Office", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, "tx-sfj"),
    ("tx-fengming", "凤鸣司法所", "Fengming Judicial Office", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, "tx-sfj"),
    ("tx-wuzhen", "乌镇司法所", "Wuzhen Judicial Office", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, "tx-sfj"),
    ("tx-chongfu", "崇福司法所", "Chongfu Judicial Office", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, "tx-sfj"),
    ("tx-puyuan", "濮院司法所", "Puyuan Judicial Office", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, "tx-sfj"),
    ("tx-scjg", "桐乡市市场监督管理局", "Tongxiang Market Supervision Administration", Kind.ENFORCEMENT_AGENCY, Level.COUNTY, "jx-sfj"),
    ("tx-zhzf", "桐乡市综合行政执法局", "Tongxiang Comprehensive Administrative Enforcement Bureau", Kind.ENFORCEMENT_AGENCY, Level.COUNTY, "jx-sfj"),
    ("tx-zrzy", "桐乡市自然资源和规划局", "Tongxiang Natural Resources and Planning Bureau", Kind.ENFORCEMENT_AGENCY, Level.COUNTY, "jx-sfj"),
    ("tx-rsj", "桐乡市人力资源和社会保障局", "Tongxiang Human Resources and Social Security Bureau", Kind.ENFORCEMENT_AGENCY, Level.COUNTY, "jx-sfj"),
    ("tx-gaj", "桐乡市公安局", "Tongxiang Public Security Bureau", Kind.PUBLIC_SECURITY, Level.COUNTY, "jx-sfj"),
    ("tx-jcy", "桐乡市人民检察院", "Tongxiang People's Procuratorate", Kind.PROCURATORATE, Level.COUNTY, "jx-sfj"),
    ("tx-fy", "桐乡市人民法院", "Tongxiang People's Court", Kind.COURT, Level.COUNTY, "jx-sfj"),
    ("tx-fyzx", "桐乡市法律援助中心", "Tongxiang Legal Aid Centre", Kind.LEGAL_AID_CENTRE, Level.COUNTY, "tx-sfj"),
    ("tx-wutong-twh", "梧桐街道人民调解委员会", "Wutong Subdistrict People's Mediation Committee", Kind.MEDIATION_COMMITTEE, Level.TOWNSHIP, "tx-wutong"),
    ("tx-gzc", "桐乡市公证处", "Tongxiang Notary Office", Kind.NOTARY_OFFICE, Level.COUNTY, "tx-sfj"),
    ("tx-jds", "桐乡示范司法鉴定所（演示）", "Tongxiang Demo Forensic Appraisal Institute", Kind.APPRAISAL_INSTITUTION, Level.COUNTY, "tx-sfj"),
    ("tx-lsa", "浙江梧桐示范律师事务所（演示）", "Wutong Demo Law Firm", Kind.LAW_FIRM, Level.COUNTY, "tx-sfj"),
    ("tx-lsb", "浙江乌镇示范律师事务所（演示）", "Wuzhen Demo Law Firm", Kind.LAW_FIRM, Level.COUNTY, "tx-sfj"),
    # A neighbouring county, so the demo shows that offices see only their own records.
    ("hn-sfj", "海宁市司法局", "Haining Justice Bureau", Kind.JUSTICE_BUREAU, Level.COUNTY, "jx-sfj"),
    ("hn-xiashi", "硖石司法所", "Xiashi Judicial Office", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, "hn-sfj"),
]

# Approximate positions of the township offices (WGS-84 degrees, town centres, not survey
# data), for the cockpit's schematic map; organisations not listed have none.
COORDINATES = {
    "tx-wutong": (30.63, 120.56),
    "tx-fengming": (30.61, 120.52),
    "tx-wuzhen": (30.74, 120.49),
    "tx-chongfu": (30.53, 120.43),
    "tx-puyuan": (30.69, 120.62),
    "hn-xiashi": (30.51, 120.68),
}

# (username, real name, role, organisation code, what the login shows)
PEOPLE = [
    ("demo-admin", "管理员 王建国", Role.ADMINISTRATOR, "tx-sfj", "bureau administrator (also Django admin)"),
    ("demo-supervisor", "局领导 陈志华", Role.SUPERVISOR, "tx-sfj", "county supervisor: sees every township office"),
    ("demo-reconsideration", "复议员 李明", Role.RECONSIDERATION_OFFICER, "tx-fyj", "reconsideration officer"),
    ("demo-enforcement", "执法员 赵强", Role.ENFORCEMENT_OFFICER, "tx-scjg", "enforcement officer (market supervision)"),
    ("demo-correction", "矫正社工 周丽", Role.CORRECTION_OFFICER, "tx-wutong", "correction officer at 梧桐司法所"),
    ("demo-correction-hn", "矫正社工 吴芳", Role.CORRECTION_OFFICER, "hn-xiashi", "correction officer in another county"),
    ("demo-correction-hn-county", "矫正科 沈洁", Role.CORRECTION_OFFICER, "hn-sfj",
     "correction staff of the 海宁 county institution: receives changes of execution place"),
    ("demo-court", "法院联络员 孙涛", Role.LIAISON, "tx-fy", "court liaison"),
    ("demo-procuratorate", "检察联络员 钱敏", Role.LIAISON, "tx-jcy", "procuratorate liaison"),
    ("demo-police", "公安联络员 郑伟", Role.LIAISON, "tx-gaj", "police liaison"),
    ("demo-lawyer", "律师 何静", Role.LAWYER, "tx-lsa", "lawyer"),
    ("demo-mediator", "调解员 冯大伟", Role.MEDIATOR, "tx-wutong-twh", "people's mediator"),
    ("demo-notary", "公证员 许婷", Role.NOTARY, "tx-gzc", "notary"),
    ("demo-subject", "矫正对象 韩某", Role.CORRECTION_SUBJECT, "tx-wutong", "correction subject supervised by 梧桐司法所"),
]

# Citizens and enterprises register themselves; these two are pre-registered for the demo.
CITIZEN = {"real_name": "张秀英", "mobile": "13800000001", "id_body": "33048319560312002",
           "home": "tx-sfj", "elderly_mode": True}
ENTERPRISE = {"name": "桐乡示范羊毛衫有限公司（演示）", "credit_body": "91330483MA2B7K3Q1",
              "contact": "沈佳", "mobile": "13800000002", "home": "tx-sfj"}

# The demo lawyer's roster entry (a made-up 17-digit 执业证号).
DEMO_LAWYER = {"licence_number": "13304201810000001", "specialties": ["labour", "family", "contract"],
               "languages": ["zh-hans", "wuu"]}

DEMO_PASSWORD = "tongxiang-demo-2026"
