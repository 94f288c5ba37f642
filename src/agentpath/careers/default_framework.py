"""The default framework loaded by `agentpath load-framework cola` (DOMAIN.md C1).

- The Customer Operations Career Roadmap of seed 000: seven rows (corporate title, function titles,
  grade band "Min to Max", training requirements), bottom row first.
- The VIP customer-manager track of seed 002 (客服助理 → 客服主管, up and down; lateral to 培训导师 or
  质检员 after 高级VIP客户经理).
- The management ladder of seed 003 (一线客服 → 领班/组长 → 主管 → 客服经理 → 客服总监), the professional
  track of seed 004 (senior agent → expert; BUDDY → QA) and the functional families of seeds 000/001.
Grade 1 is the highest grade.
"""

FRAMEWORK = {"code": "cola", "name": "客户运营职业发展框架", "name_en": "Customer Operations Career Framework",
             "source": "seed 000 Customer Operations Career Roadmap; seeds 001–004"}

# (code, name, name_en, credits, hours)
COURSES = [
    ("train-the-trainer", "培训培训师 (TTT)", "Train the Trainer", 4, 16),
    ("project-management", "项目管理", "Project Management", 3, 12),
    ("hr-development", "人力资源开发", "HR Development", 3, 12),
    ("budget-planning", "预算规划与控制", "Budget planning and control", 3, 12),
    ("performance-evaluation-pdr", "绩效评估 (PDR)", "Performance Evaluation (PDR)", 2, 8),
    ("star-interview", "STAR 面试技巧", "STAR interview skills", 2, 6),
    ("business-time-management", "业务/时间管理", "Business / Time Management", 2, 8),
    ("education-toefl-500", "学历与外语提升 (TOEFL 500)", "Education training (e.g. TOEFL 500)", 4, 40),
    ("people-time-management", "人员/时间管理", "People / Time Management", 2, 8),
    ("process-iso", "流程开发 (ISO 理念)", "Process development skills (ISO concept)", 2, 8),
    ("system-analysis-cotech", "系统分析技能 (CO Tech)", "System analytical skill (CO Tech)", 3, 12),
    ("project-coordination", "项目协调 / Project 98", "Project coordination / Project 98", 2, 8),
    ("presentation-skills", "演讲与呈现技巧", "Presentation skills", 2, 6),
    ("fraud-process", "欺诈处理流程", "Fraud process", 2, 6),
    ("advanced-qoc", "高级 QOC 培训", "Advanced QOC training", 2, 8),
    ("english-toefl-400", "英语培训 (TOEFL 400)", "English training (e.g. TOEFL 400)", 3, 30),
    ("icsa-skills", "ICSA 技能", "ICSA skills", 2, 8),
    ("fti-billing-sat", "FTI 账务 / SAT 培训 (CO Tech)", "FTI billing / SAT training (CO Tech)", 2, 8),
    ("team-management", "团队管理培训 (组长)", "Team management training (TL only)", 3, 12),
    ("telephone-training", "电话技巧培训", "Telephone training", 1, 4),
    ("legal-process", "法律流程 (催收与欺诈)", "Legal process (collection & fraud only)", 2, 6),
    ("advanced-network", "高级网络培训 (HD、客服组长)", "Advanced network training (HD, care TL)", 2, 8),
    ("process-visio", "流程开发、VISIO 与 Project 98", "Process development, VISIO, Project 98", 2, 8),
    ("meeting-skills", "会议技巧 / 周会", "Meeting skills / weekly meeting", 1, 4),
    ("socc-tools", "SOCC 工具", "SOCC tools", 1, 4),
    ("fraud-id", "欺诈识别", "Fraud ID", 1, 4),
    ("quality-assurance", "质量保证", "Quality assurance", 1, 4),
    ("hr-eo-management", "HR-EO 管理", "HR-EO management", 1, 4),
    ("self-review", "自我复盘技巧", "Self-review skills", 1, 4),
    ("microsoft-skills", "Microsoft 办公技能", "Microsoft skills", 1, 6),
    ("recruitment-process", "招聘流程", "Recruitment process", 1, 4),
    ("financial-adjustment", "财务调整 / 授权", "Financial adjustment / empowerment", 1, 4),
    ("cares-initiative", "个性 / CARES 计划", "Personality / CARES initiative", 1, 4),
    ("network-trouble-report", "网络故障报告", "Network trouble report", 1, 4),
    ("communication-people", "沟通与人际技巧 (读书分享)", "Communication & people skills (book review)", 1, 4),
    ("pre-job-program", "岗前培训", "Pre-job training program", 6, 80),
    ("complaint-handling", "投诉处理技巧", "Complaint handling", 2, 6),
    ("coaching-skills", "辅导技巧", "Coaching skills", 2, 8),
    ("qa-calibration", "质检校准", "QA calibration", 2, 8),
    ("workforce-management", "劳动力管理与排班", "Workforce management and scheduling", 2, 8),
    ("data-analysis", "数据分析与报表", "Data analysis and reporting", 2, 8),
]

RESP_AGENT = """根据主管的安排,执行呼入、呼出业务的处理工作
负责电话咨询、信息查询及疑难问题的解答
执行呼出电话行销业务,完成销售任务
在呼出、呼入业务中做好详细记录,以利于主管分析绩效
及时进行客户信息登记和更新
按时参加工作例会,分享工作经验和知识,并向上级汇报工作中的问题"""
RESP_TL = """管理所负责小组的呼叫业务的正常运作,并保证实现既定目标
监督及管理小组成员的工作
监督并评估小组成员的工作质量及效率,必要时采取改善措施
提供指导及支援以促进服务质量的提升及日常操作的顺利实施
监督电话流量状况并适当部署资源以达成服务目标
处理及解决来自专员的用户投诉及复杂的用户咨询
积极获取反馈,并向主管推荐执行效率改进的方案"""
RESP_SUPERVISOR = """配合客户服务部经理构建、更新呼叫中心系统平台
配合经理制定呼叫中心相关制度、规范,并监督、检查实施情况
组织召开业务会议,协调、督导各小组人员的呼叫业务
培训新进人员,确保团队所有员工明确项目进度及个人目标
监听电话以了解下属问题,并适时提供协助
处理及解决客户投诉及复杂的客户咨询
负责提升呼叫中心的业务绩效,以达成业绩目标为首要任务"""
RESP_MANAGER = """负责呼叫中心日常运营管理及团队建设工作
指导、监督、考核各项目组业务运营工作
组织制定合理可行的运营方案,并指导、督促执行
发现和校正影响生产力及获利方面的运营问题
建立绩效考核体系,实现内部公平合理的绩效考核
进行成本及经费预算,控制无效费用支出"""
RESP_TRAINER = """负责新员工岗前培训与在岗员工的业务培训
开发与更新培训课程、案例与题库
组织每日晨会与每周经验分析交流会
跟踪学员考试与质检结果,评估培训效果"""
RESP_QA = """定期跟踪监听,掌握服务质量
整理特殊案例并分享
个别辅导及改进"""
RESP_PAPERWORK = """工单整理及分配
部门跟催及反馈
定期整理报表及分析"""
RESP_SCHEDULER = """定期排订班表
弹性运用人力
掌握服务水平"""
RESP_MIS = """定期产出各项报表
分析报表数据
提出改善建议"""

# Tracks: (code, name, name_en, kind, order, source, description)
TRACKS = [
    ("mgmt", "管理条线", "Management track", "management", 1, "seed 003",
     "一线客服 → 领班/组长 → 主管 → 客服经理 → 客服总监"),
    ("pro", "专业条线", "Professional track", "professional", 2, "seed 004",
     "资深客服 (BUDDY) → 业务专家 → 首席业务专家"),
    ("vip", "VIP 客户经理条线", "VIP customer-manager track", "professional", 3, "seed 002 §2",
     "纵向: 客服助理至客服主管的晋升与下降; 横向: 高级VIP客户经理后可向培训导师、质检员发展"),
    ("cola", "客户运营职业路线图", "Customer Operations Career Roadmap", "management", 4, "seed 000",
     "COLA 路线图七个职衔, 自下而上: 代表 → F1 → F2 → 高级专员 → F3 → 副经理 → F4 经理"),
    ("qa", "质检", "Quality assurance", "functional", 10, "seeds 000, 004", ""),
    ("training", "培训师/内训师", "Trainers", "functional", 11, "seeds 002, 004", ""),
    ("scheduling", "排班", "Scheduling", "functional", 12, "seed 000", ""),
    ("mis", "报表分析 (MIS)", "MIS and reporting", "functional", 13, "seed 000", ""),
    ("paperwork", "文书/工单", "Paperwork and tickets", "functional", 14, "seed 000", ""),
    ("billing", "账务", "Billing", "functional", 15, "seed 000", ""),
    ("collections", "催收", "Collections", "functional", 16, "seed 000", ""),
    ("risk", "风险管理", "Risk management", "functional", 17, "seed 000", ""),
]

# Levels: track -> [(code, order, name, name_en, corporate_title, grade_min, grade_max, [course codes required to enter])]
LEVELS = {
    "mgmt": [
        ("mgmt-agent", 1, "客服代表", "Agent", "代表", 7, 8, ["pre-job-program"]),
        ("mgmt-tl", 2, "组长/领班", "Team leader", "高级专员", 6, 7, ["team-management", "coaching-skills"]),
        ("mgmt-supervisor", 3, "主管", "Supervisor", "资深专员", 4, 6, ["performance-evaluation-pdr", "people-time-management"]),
        ("mgmt-manager", 4, "客服经理", "Customer service manager", "经理", 2, 4, ["budget-planning", "hr-development"]),
        ("mgmt-director", 5, "客服总监", "Customer service director", "总监", 1, 2, []),
    ],
    "pro": [
        ("pro-senior", 1, "资深客服 (BUDDY)", "Senior agent (buddy)", "初级/资深专员", 6, 7, ["complaint-handling"]),
        ("pro-expert", 2, "业务专家", "Business expert", "专员", 5, 6, ["advanced-qoc", "presentation-skills"]),
        ("pro-chief", 3, "首席业务专家", "Chief business expert", "资深专员", 4, 5, ["process-iso"]),
    ],
    "vip": [
        ("vip-assistant", 1, "客服助理", "Customer service assistant", "代表", 8, 8, ["pre-job-program"]),
        ("vip-manager", 2, "VIP客户经理", "VIP customer manager", "专员", 7, 8, ["complaint-handling"]),
        ("vip-senior", 3, "高级VIP客户经理", "Senior VIP customer manager", "高级专员", 6, 7, ["advanced-qoc"]),
        ("vip-supervisor", 4, "客服主管", "Customer service supervisor", "资深专员", 4, 6, ["team-management", "performance-evaluation-pdr"]),
    ],
    "cola": [
        ("cola-rep", 1, "代表", "Representative", "代表", 6, 8, []),
        ("cola-f1", 2, "初级/资深专员", "Junior / senior specialist", "F1", 6, 8,
         ["socc-tools", "fraud-id", "quality-assurance", "hr-eo-management", "self-review", "microsoft-skills",
          "recruitment-process", "financial-adjustment", "cares-initiative", "network-trouble-report",
          "communication-people"]),
        ("cola-f2", 3, "专员", "Specialist", "F2", 6, 8,
         ["fti-billing-sat", "team-management", "telephone-training", "legal-process", "advanced-network",
          "process-visio", "meeting-skills"]),
        ("cola-senior", 4, "高级专员", "Senior specialist", "高级专员", 6, 8,
         ["project-coordination", "presentation-skills", "fraud-process", "advanced-qoc", "english-toefl-400",
          "icsa-skills"]),
        ("cola-f3", 5, "资深专员", "Principal specialist", "F3", 6, 8,
         ["people-time-management", "process-iso", "project-management", "system-analysis-cotech"]),
        ("cola-deputy", 6, "副经理", "Deputy manager", "副经理", 1, 6,
         ["performance-evaluation-pdr", "star-interview", "business-time-management", "education-toefl-500"]),
        ("cola-f4", 7, "经理", "Manager", "F4", 1, 6,
         ["train-the-trainer", "project-management", "hr-development", "budget-planning"]),
    ],
    "qa": [
        ("qa-officer", 1, "质检员", "QA officer", "高级专员", 6, 7, ["quality-assurance", "qa-calibration"]),
        ("qa-lead", 2, "质检组长", "QA lead", "资深专员", 5, 6, ["coaching-skills"]),
        ("qa-manager", 3, "质检主管", "QA manager", "副经理", 4, 5, ["performance-evaluation-pdr"]),
    ],
    "training": [
        ("trainer", 1, "内训师/培训导师", "Trainer", "高级专员", 6, 7, ["train-the-trainer"]),
        ("trainer-senior", 2, "高级内训师", "Senior trainer", "资深专员", 5, 6, ["presentation-skills"]),
        ("training-manager", 3, "培训主管", "Training manager", "副经理", 4, 5, ["hr-development"]),
    ],
    "scheduling": [
        ("scheduler", 1, "排班专员", "Scheduler", "专员", 6, 7, ["workforce-management"]),
        ("scheduling-lead", 2, "排班主管", "Scheduling lead", "资深专员", 5, 6, ["data-analysis"]),
    ],
    "mis": [
        ("mis-analyst", 1, "数据分析专员", "MIS analyst", "专员", 6, 7, ["data-analysis", "microsoft-skills"]),
        ("mis-lead", 2, "MIS 主管", "MIS lead", "资深专员", 5, 6, ["system-analysis-cotech"]),
    ],
    "paperwork": [
        ("paperwork-clerk", 1, "文书专员", "Paperwork clerk", "代表", 7, 8, []),
        ("paperwork-lead", 2, "文书组长", "Paperwork lead", "高级专员", 6, 7, ["team-management"]),
    ],
    "billing": [
        ("billing-clerk", 1, "账务专员", "Billing clerk", "代表", 7, 8, ["fti-billing-sat"]),
        ("billing-lead", 2, "账务主管", "Billing lead", "资深专员", 5, 6, ["financial-adjustment"]),
    ],
    "collections": [
        ("collections-agent", 1, "催收专员", "Collections agent", "代表", 7, 8, ["legal-process"]),
        ("collections-lead", 2, "催收组长", "Collections team leader", "高级专员", 6, 7, ["team-management"]),
    ],
    "risk": [
        ("risk-officer", 1, "风险管理专员", "Risk officer", "专员", 6, 7, ["fraud-id", "fraud-process"]),
        ("risk-lead", 2, "风险管理主管", "Risk lead", "资深专员", 5, 6, ["project-management"]),
    ],
}

# Positions: (code, level code, name, name_en, family, is_key, responsibilities)
POSITIONS = [
    ("agent", "mgmt-agent", "客服代表", "Agent", "customer_service", False, RESP_AGENT),
    ("team-leader", "mgmt-tl", "客服组长", "Team leader", "customer_service", True, RESP_TL),
    ("supervisor", "mgmt-supervisor", "客服主管", "Supervisor", "management", True, RESP_SUPERVISOR),
    ("cs-manager", "mgmt-manager", "客服经理", "Customer service manager", "management", True, RESP_MANAGER),
    ("cs-director", "mgmt-director", "客服总监", "Customer service director", "management", True, RESP_MANAGER),
    ("senior-agent", "pro-senior", "资深客服 (BUDDY)", "Senior agent (buddy)", "customer_service", False,
     RESP_AGENT + "\n担任新员工 BUDDY, 带教跟班实习"),
    ("business-expert", "pro-expert", "业务专家", "Business expert", "customer_service", False,
     "解答疑难业务问题\n编写业务知识库与案例\n参与新业务上线的培训"),
    ("chief-expert", "pro-chief", "首席业务专家", "Chief business expert", "customer_service", False,
     "主导业务流程优化\n评审知识库\n指导业务专家"),
    ("vip-assistant", "vip-assistant", "客服助理", "Customer service assistant", "vip", False, RESP_AGENT),
    ("vip-manager", "vip-manager", "VIP客户经理", "VIP customer manager", "vip", False,
     "维系所辖VIP客户, 提供一对一服务\n价值提升与收保\n处理VIP客户投诉"),
    ("vip-senior", "vip-senior", "高级VIP客户经理", "Senior VIP customer manager", "vip", False,
     "维系高价值VIP客户\n带教VIP客户经理\n参与疑难投诉处理"),
    ("vip-supervisor", "vip-supervisor", "客服主管 (VIP)", "VIP supervisor", "vip", True, RESP_SUPERVISOR),
    ("qa-officer", "qa-officer", "质检员", "QA officer", "qa", False, RESP_QA),
    ("qa-lead", "qa-lead", "质检组长", "QA lead", "qa", True, RESP_QA + "\n组织质检校准会"),
    ("qa-manager", "qa-manager", "质检主管", "QA manager", "qa", True, RESP_QA + "\n制定质检标准"),
    ("trainer", "trainer", "内训师", "Trainer", "training", True, RESP_TRAINER),
    ("trainer-senior", "trainer-senior", "高级内训师", "Senior trainer", "training", True, RESP_TRAINER),
    ("training-manager", "training-manager", "培训主管", "Training manager", "training", True, RESP_TRAINER),
    ("scheduler", "scheduler", "排班专员", "Scheduler", "scheduling", False, RESP_SCHEDULER),
    ("scheduling-lead", "scheduling-lead", "排班主管", "Scheduling lead", "scheduling", False, RESP_SCHEDULER),
    ("mis-analyst", "mis-analyst", "数据分析专员", "MIS analyst", "mis", False, RESP_MIS),
    ("mis-lead", "mis-lead", "MIS 主管", "MIS lead", "mis", False, RESP_MIS),
    ("paperwork-clerk", "paperwork-clerk", "文书专员", "Paperwork clerk", "paperwork", False, RESP_PAPERWORK),
    ("paperwork-lead", "paperwork-lead", "文书组长", "Paperwork lead", "paperwork", False, RESP_PAPERWORK),
    ("billing-clerk", "billing-clerk", "账务专员", "Billing clerk", "billing", False, ""),
    ("billing-lead", "billing-lead", "账务主管", "Billing lead", "billing", False, ""),
    ("collections-agent", "collections-agent", "催收专员", "Collections agent", "collections", False, ""),
    ("collections-lead", "collections-lead", "催收组长", "Collections team leader", "collections", False, ""),
    ("risk-officer", "risk-officer", "风险管理专员", "Risk officer", "risk", False, ""),
    ("risk-lead", "risk-lead", "风险管理主管", "Risk lead", "risk", False, ""),
    # The function titles of the COLA roadmap rows (seed 000), bottom row first.
    ("cola-rep-hdqa", "cola-rep", "HD/QA 专员", "HD/QA specialist", "qa", False, RESP_QA),
    ("cola-rep-cs", "cola-rep", "客服专员", "Customer service specialist", "customer_service", False, RESP_AGENT),
    ("cola-rep-training-coll", "cola-rep", "培训/催收专员", "Training / collections specialist", "collections", False, ""),
    ("cola-rep-self", "cola-rep", "自用专员", "Internal service specialist", "self_use", False, ""),
    ("cola-rep-billing", "cola-rep", "账务专员", "Billing specialist", "billing", False, ""),
    # F1, F2 and F3 carry one function title each in seed 000 (初级/资深专员, 专员, 资深专员): the agents who rose a
    # row and the supervisors of the team leaders, each ranked on their post's scorecard.
    ("cola-f1-specialist", "cola-f1", "初级/资深专员", "Junior / senior specialist", "customer_service", False,
     RESP_AGENT),
    ("cola-f2-specialist", "cola-f2", "专员", "Specialist", "customer_service", False, RESP_AGENT),
    ("cola-f3-specialist", "cola-f3", "资深专员", "Principal specialist", "management", True, RESP_SUPERVISOR),
    ("cola-senior-cotech", "cola-senior", "CO Tech 专员", "CO Tech specialist", "co_tech", False, ""),
    ("cola-senior-tig", "cola-senior", "TIG 专员", "TIG specialist", "co_tech", False, ""),
    ("cola-senior-hdqa-lead", "cola-senior", "HD/QA 组长", "HD/QA team leader", "qa", True, RESP_QA),
    ("cola-senior-cs-lead", "cola-senior", "客服组长", "Customer service team leader", "customer_service", True, RESP_TL),
    ("cola-senior-training-coll-lead", "cola-senior", "培训/催收组长", "Training / collections team leader",
     "collections", True, ""),
    ("cola-senior-self-lead", "cola-senior", "自用组长", "Internal service team leader", "self_use", False, ""),
    ("cola-senior-billing", "cola-senior", "账务专员", "Billing specialist", "billing", False, ""),
    ("cola-senior-risk", "cola-senior", "风险管理专员", "Risk management specialist", "risk", False, ""),
    ("cola-senior-trainer", "cola-senior", "培训师专员", "Trainer specialist", "training", True, RESP_TRAINER),
    ("cola-deputy-cotech", "cola-deputy", "CO Tech 助理/专员", "CO Tech assistant / specialist", "co_tech", False, ""),
    ("cola-deputy-hdqa", "cola-deputy", "HD/QA 助理", "HD/QA assistant manager", "qa", True, ""),
    ("cola-deputy-cs", "cola-deputy", "客服副理", "Customer service deputy manager", "management", True, RESP_SUPERVISOR),
    ("cola-deputy-training-coll", "cola-deputy", "培训/催收组长", "Training / collections lead", "collections", True, ""),
    ("cola-deputy-self", "cola-deputy", "自用副理", "Internal service deputy manager", "self_use", False, ""),
    ("cola-deputy-billing", "cola-deputy", "账务副理", "Billing deputy manager", "billing", False, ""),
    ("cola-deputy-risk", "cola-deputy", "风险管理助理", "Risk management assistant manager", "risk", False, ""),
    ("cola-deputy-trainer", "cola-deputy", "培训师副理", "Trainer deputy manager", "training", True, ""),
    ("cola-f4-manager", "cola-f4", "经理", "Manager", "management", True, RESP_MANAGER),
]

# Standard promotion conditions by the target step: (months in level, credits in 12 months,
# KPI percentile over 2 quarters or None, exam average over 6 months or None, nomination required)
PROMOTION_RULES = {
    "entry+1": (6, 8, 50, 80, False),
    "lead": (12, 12, 60, 80, True),
    "senior": (18, 16, 70, None, True),
    "top": (24, 20, None, None, True),
}
# The monthly exam of team leaders and VIP customer managers (seed 002 §3.4.4: 每月对团队班组长和VIP客户经理进行一次
# 业务知识考核) counts towards their promotion to 主管 / 客服主管, whose rule ("senior") asks for none:
# (from level, to level) -> minimum average over 6 months. Seed 002 names only the 60-point pass mark; 75 is a
# default HR edits (the first rungs ask 80 of people whose main work is the exam's subject).
EXAM_REQUIREMENTS = {("mgmt-tl", "mgmt-supervisor"): 75, ("vip-senior", "vip-supervisor"): 75}
# Competency fit as a condition of promotion (seed 001 第三节 职位及能力配比): the management and functional
# promotions ask for the supervisor's assessment of the competencies of the post above (talent's dictionary,
# talent.competency_data): (from level, to level) -> {competency code: level 1–5}.
COMPETENCY_REQUIREMENTS = {
    ("mgmt-agent", "mgmt-tl"): {"team-management": 2},
    ("pro-senior", "mgmt-tl"): {"team-management": 2},
    ("mgmt-tl", "mgmt-supervisor"): {"team-building": 3, "performance-coaching": 3},
    ("mgmt-supervisor", "mgmt-manager"): {"operations-analysis": 4, "cost-control": 3},
    ("mgmt-manager", "mgmt-director"): {"operations-analysis": 5, "team-building": 4},
    ("vip-senior", "vip-supervisor"): {"team-management": 3, "performance-coaching": 3},
    ("qa-officer", "qa-lead"): {"quality-evaluation": 4, "performance-coaching": 3},
    ("qa-lead", "qa-manager"): {"quality-evaluation": 5, "team-management": 3},
    ("trainer", "trainer-senior"): {"training-delivery": 4},
    ("trainer-senior", "training-manager"): {"training-delivery": 5, "team-management": 3},
    ("scheduler", "scheduling-lead"): {"scheduling": 4, "floor-management": 3},
    ("mis-analyst", "mis-lead"): {"data-analysis": 4, "operations-analysis": 3},
    ("paperwork-clerk", "paperwork-lead"): {"team-management": 2},
    ("billing-clerk", "billing-lead"): {"data-analysis": 3, "team-management": 2},
    ("collections-agent", "collections-lead"): {"collection-negotiation": 4, "team-management": 2},
    ("risk-officer", "risk-lead"): {"risk-identification": 4},
    ("cola-f2", "cola-senior"): {"team-management": 3},
    ("cola-senior", "cola-f3"): {"performance-coaching": 3},
    ("cola-f3", "cola-deputy"): {"team-building": 3, "operations-analysis": 3},
    ("cola-deputy", "cola-f4"): {"operations-analysis": 4, "cost-control": 4},
}
# A horizontal move (横向发展) asks for time in the current level and a clean record; the target level's
# courses (its entry requirements) apply as well.
LATERAL_RULE = (6, 12)  # months in level, discipline window in months

# Transitions: (from level, to level, kind, from position, to position, rule key or None, note)
TRANSITIONS = [
    # management ladder, seed 003
    ("mgmt-agent", "mgmt-tl", "promotion", None, None, "lead", ""),
    ("mgmt-tl", "mgmt-supervisor", "promotion", None, None, "senior", ""),
    ("mgmt-supervisor", "mgmt-manager", "promotion", None, None, "top", ""),
    ("mgmt-manager", "mgmt-director", "promotion", None, None, "top", ""),
    ("mgmt-tl", "mgmt-agent", "demotion", None, None, None, "末位淘汰或考核不合格"),
    ("mgmt-supervisor", "mgmt-tl", "demotion", None, None, None, ""),
    # dual track: from agent to the professional track
    ("mgmt-agent", "pro-senior", "promotion", None, None, "entry+1", "双通道: 专业条线"),
    ("pro-senior", "pro-expert", "promotion", None, None, "lead", ""),
    ("pro-expert", "pro-chief", "promotion", None, None, "senior", ""),
    ("pro-expert", "pro-senior", "demotion", None, None, None, ""),
    ("pro-senior", "mgmt-tl", "promotion", None, None, "lead", "专业转管理"),
    ("pro-expert", "mgmt-supervisor", "lateral", None, None, None, "专家转管理"),
    # BUDDY → QA and the other functional families (horizontal moves)
    ("pro-senior", "qa-officer", "lateral", None, None, None, "BUDDY → QA"),
    ("pro-senior", "trainer", "lateral", None, None, None, ""),
    ("pro-senior", "scheduler", "lateral", None, None, None, ""),
    ("pro-senior", "mis-analyst", "lateral", None, None, None, ""),
    ("pro-senior", "risk-officer", "lateral", None, None, None, ""),
    ("mgmt-agent", "paperwork-clerk", "lateral", None, None, None, ""),
    ("mgmt-agent", "billing-clerk", "lateral", None, None, None, ""),
    ("mgmt-agent", "collections-agent", "lateral", None, None, None, ""),
    ("mgmt-tl", "qa-lead", "lateral", None, None, None, ""),
    ("mgmt-tl", "trainer-senior", "lateral", None, None, None, ""),
    ("qa-officer", "qa-lead", "promotion", None, None, "lead", ""),
    ("qa-lead", "qa-manager", "promotion", None, None, "senior", ""),
    ("trainer", "trainer-senior", "promotion", None, None, "lead", ""),
    ("trainer-senior", "training-manager", "promotion", None, None, "senior", ""),
    ("scheduler", "scheduling-lead", "promotion", None, None, "lead", ""),
    ("mis-analyst", "mis-lead", "promotion", None, None, "lead", ""),
    ("paperwork-clerk", "paperwork-lead", "promotion", None, None, "lead", ""),
    ("billing-clerk", "billing-lead", "promotion", None, None, "lead", ""),
    ("collections-agent", "collections-lead", "promotion", None, None, "lead", ""),
    ("risk-officer", "risk-lead", "promotion", None, None, "lead", ""),
    # VIP track, seed 002: up and down from 客服助理 to 客服主管; lateral after 高级VIP客户经理
    ("vip-assistant", "vip-manager", "promotion", None, None, "entry+1", ""),
    ("vip-manager", "vip-senior", "promotion", None, None, "lead", ""),
    ("vip-senior", "vip-supervisor", "promotion", None, None, "senior", ""),
    ("vip-manager", "vip-assistant", "demotion", None, None, None, "纵向下降"),
    ("vip-senior", "vip-manager", "demotion", None, None, None, "纵向下降"),
    ("vip-supervisor", "vip-senior", "demotion", None, None, None, "纵向下降"),
    ("vip-senior", "trainer", "lateral", None, None, None, "横向: 培训导师"),
    ("vip-senior", "qa-officer", "lateral", None, None, None, "横向: 质检员"),
    # COLA roadmap, seed 000: one row up at a time, one row down; laterals between function titles
    ("cola-rep", "cola-f1", "promotion", None, None, "entry+1", ""),
    ("cola-f1", "cola-f2", "promotion", None, None, "entry+1", ""),
    ("cola-f2", "cola-senior", "promotion", None, None, "lead", ""),
    ("cola-senior", "cola-f3", "promotion", None, None, "lead", ""),
    ("cola-f3", "cola-deputy", "promotion", None, None, "senior", ""),
    ("cola-deputy", "cola-f4", "promotion", None, None, "top", ""),
    ("cola-f1", "cola-rep", "demotion", None, None, None, ""),
    ("cola-f2", "cola-f1", "demotion", None, None, None, ""),
    ("cola-senior", "cola-f2", "demotion", None, None, None, ""),
    ("cola-rep", "cola-rep", "lateral", "cola-rep-cs", "cola-rep-hdqa", None, "客服 → HD/QA"),
    ("cola-rep", "cola-rep", "lateral", "cola-rep-cs", "cola-rep-billing", None, "客服 → 账务"),
    ("cola-senior", "cola-senior", "lateral", "cola-senior-cs-lead", "cola-senior-hdqa-lead", None, "客服组长 → HD/QA 组长"),
    ("cola-senior", "cola-senior", "lateral", "cola-senior-cs-lead", "cola-senior-trainer", None, "客服组长 → 培训师专员"),
    ("cola-senior", "cola-senior", "lateral", "cola-senior-cs-lead", "cola-senior-risk", None, "客服组长 → 风险管理专员"),
]
# Every level also has a grade step within its band (晋等) when the band is wider than one grade.
GRADE_STEP_MONTHS = 12
