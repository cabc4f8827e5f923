"""The GB/T 31000 groups ("9+X") seeded as tags: (code, Chinese, English, group, sensitivity)."""

TAGS = [
    ("elderly_alone", "独居老人", "Elderly living alone", "service", 1),
    ("elderly_empty_nest", "空巢老人", "Empty-nest elderly", "service", 1),
    ("elderly_80", "高龄老人", "Elderly over 80", "service", 1),
    ("disabled", "残疾人", "Person with a disability", "service", 2),
    ("low_income", "低保对象", "Minimum-income recipient", "service", 2),
    ("extreme_poverty", "特困人员", "Person in extreme poverty", "service", 2),
    ("unemployed", "失业人员", "Unemployed", "service", 1),
    ("needing_aid", "困难救助对象", "Needing aid", "service", 2),
    ("left_behind_child", "留守儿童", "Left-behind child", "service", 2),
    ("veteran", "退役军人", "Veteran", "service", 1),
    ("community_correction", "社区矫正人员", "Under community correction", "special", 3),
    ("mental_disorder", "严重精神障碍患者", "Severe mental disorder", "special", 3),
    ("drug_rehab", "社区戒毒康复人员", "Drug rehabilitation", "special", 3),
    ("released_prisoner", "刑满释放人员", "Released prisoner", "special", 3),
    ("key_petitioner", "重点信访人员", "Key petitioner", "special", 3),
    ("key_youth", "重点青少年", "Youth needing attention", "special", 3),
    ("party_member", "党员", "Party member", "party", 0),
    ("volunteer", "志愿者", "Volunteer", "volunteer", 0),
]
