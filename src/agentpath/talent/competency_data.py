"""The default competency dictionary and the position profiles (能力模型, DOMAIN.md C3), loaded by
`agentpath load-framework cola` through talent.competencies.load_competencies.

The dictionary: seed 001's 岗位职责 name what each post does; the supervisors' and managers' competencies
(团队建设, 绩效辅导, 现场管理, 运营分析, 成本控制, 激励) are those of 运营主管 (团队建设, 建立合理激励机制,
建立绩效考核体系, 成本及经费预算, 发现和校正影响生产力的运营问题) and 主管 (督导各小组, 监听电话并适时提供
协助, 提升业务绩效). A profile gives each of the 56 positions of the default framework the level 1–5 its
holder is expected to show (seed 001 第三节 职位及能力配比: the fit of person and post is a condition of
promotion); the level of a competency rises with the row of the roadmap.
"""

# (code, 名称, name, what levels 1..5 look like)
DICTIONARY = [
    ("communication", "沟通表达", "Communication",
     ["按话术完成基本沟通", "清楚表达，能倾听确认客户需求", "灵活应对不同类型客户", "化解冲突，影响客户决定", "示范并辅导他人沟通"]),
    ("complaint-handling", "投诉处理", "Complaint handling",
     ["识别投诉并按流程升级", "独立处理一般投诉", "处理复杂投诉并安抚情绪", "处理疑难与升级投诉", "建立投诉处理机制并改进流程"]),
    ("product-knowledge", "业务知识", "Product knowledge",
     ["掌握常见业务问答", "熟悉主要业务流程", "全面掌握业务与政策", "解答疑难业务并指导他人", "参与制定业务规则"]),
    ("system-operation", "系统操作", "System operation",
     ["在指导下使用系统", "熟练完成日常操作", "高效处理多系统并行操作", "排查常见系统问题", "提出系统优化需求"]),
    ("data-analysis", "数据分析", "Data analysis",
     ["读懂个人指标", "整理与核对报表数据", "分析指标变化原因", "建立分析模型并提出建议", "以数据驱动运营决策"]),
    ("team-management", "团队管理", "Team management",
     ["配合团队安排", "带教新人", "管理小组日常运作与目标", "管理多个小组并培养组长", "建设组织与人才梯队"]),
    ("training-delivery", "培训授课", "Training delivery",
     ["分享个人经验", "按教案授课", "设计课程并评估效果", "开发培训体系模块", "规划培训体系"]),
    ("quality-evaluation", "质检评估", "Quality evaluation",
     ["了解质检标准", "按标准完成抽检", "准确评估并反馈改进", "组织质检校准", "制定质检标准"]),
    ("scheduling", "排班管理", "Scheduling",
     ["了解排班规则", "按预测编制班表", "根据话务实时调整", "话务预测与人力规划", "制定排班策略"]),
    # the supervisors' and managers' competencies (seed 001 岗位职责 of 运营主管 and 主管)
    ("team-building", "团队建设", "Team building",
     ["融入团队，配合他人", "组织小组活动，营造互助氛围", "建立小组规范与沟通机制，稳定骨干", "跨组协调，培养后备组长",
      "建设组织文化与人才梯队"]),
    ("performance-coaching", "绩效辅导", "Performance coaching",
     ["接受辅导并按反馈改进", "为新人做跟听反馈", "定期一对一辅导并跟进改进计划", "辅导组长开展绩效面谈与辅导",
      "建立绩效考核与辅导体系"]),
    ("floor-management", "现场管理", "Floor management",
     ["遵守现场纪律与排班", "协助维持现场秩序", "监控话务与服务水平并调配小组人力", "统筹多组现场，处理突发话务与升级",
      "制定现场管理制度与应急预案"]),
    ("operations-analysis", "运营分析", "Operations analysis",
     ["了解小组运营指标", "整理运营日报与周报", "分析指标波动原因并提出改进", "发现并校正影响生产力的运营问题",
      "制定运营方案与指标体系"]),
    ("cost-control", "成本控制", "Cost control",
     ["了解岗位成本构成", "节约使用资源", "控制小组人力与加班成本", "编制部门预算并跟踪执行", "制定成本策略，控制无效支出"]),
    ("motivation", "激励", "Motivation",
     ["保持积极工作状态", "认可同事的贡献", "运用表扬与竞赛激励小组", "设计团队激励方案并评估效果",
      "建立合理激励机制与晋升通道"]),
    # the functional families of seed 000 (账务, 催收, 风险管理)
    ("risk-identification", "风险识别", "Risk identification",
     ["了解常见欺诈特征", "按规则识别可疑交易", "独立调查一般风险案件", "处理复杂案件并总结风险模式", "制定风险控制规则"]),
    ("collection-negotiation", "催收谈判", "Collection negotiation",
     ["按话术提醒还款", "协商一般还款计划", "处理抗拒客户并达成承诺", "处理疑难与法律流程案件", "制定催收策略"]),
]

_AGENT = {"communication": 3, "complaint-handling": 2, "product-knowledge": 3, "system-operation": 3}
_TL = {"communication": 4, "complaint-handling": 4, "product-knowledge": 4, "team-management": 3, "data-analysis": 2,
       "team-building": 2, "performance-coaching": 2, "floor-management": 3, "motivation": 2}
_SUPERVISOR = {"communication": 4, "team-management": 4, "data-analysis": 3, "product-knowledge": 4,
               "team-building": 3, "performance-coaching": 3, "floor-management": 4, "operations-analysis": 3,
               "cost-control": 2, "motivation": 3}
_MANAGER = {"communication": 4, "team-management": 5, "data-analysis": 4, "team-building": 4,
            "performance-coaching": 4, "floor-management": 4, "operations-analysis": 4, "cost-control": 4,
            "motivation": 4}
_DIRECTOR = {"communication": 5, "team-management": 5, "data-analysis": 4, "team-building": 5,
             "performance-coaching": 4, "operations-analysis": 5, "cost-control": 5, "motivation": 5}
_QA = {"quality-evaluation": 4, "product-knowledge": 4, "communication": 3}
_QA_LEAD = {"quality-evaluation": 4, "product-knowledge": 4, "communication": 4, "performance-coaching": 3,
            "team-management": 2}
_QA_MANAGER = {"quality-evaluation": 5, "product-knowledge": 4, "communication": 4, "performance-coaching": 4,
               "team-management": 3, "operations-analysis": 3}
_TRAINER = {"training-delivery": 4, "product-knowledge": 4, "communication": 4}
_TRAINER_SENIOR = {"training-delivery": 4, "product-knowledge": 5, "communication": 4, "performance-coaching": 3}
_TRAINING_MANAGER = {"training-delivery": 5, "product-knowledge": 5, "communication": 4, "performance-coaching": 4,
                     "team-management": 3, "cost-control": 3}
_SCHEDULER = {"scheduling": 4, "data-analysis": 3, "system-operation": 3}
_SCHEDULING_LEAD = {"scheduling": 5, "data-analysis": 4, "system-operation": 3, "floor-management": 3,
                    "cost-control": 3}
_MIS = {"data-analysis": 4, "system-operation": 4}
_MIS_LEAD = {"data-analysis": 5, "system-operation": 4, "operations-analysis": 3, "team-management": 2}
_PAPERWORK = {"system-operation": 3, "product-knowledge": 3}
_PAPERWORK_LEAD = {"system-operation": 3, "product-knowledge": 4, "team-management": 3, "data-analysis": 2}
_BILLING = {"system-operation": 3, "product-knowledge": 3, "data-analysis": 2}
_BILLING_LEAD = {"system-operation": 4, "product-knowledge": 4, "data-analysis": 3, "team-management": 3}
_COLLECTIONS = {"collection-negotiation": 3, "communication": 3, "product-knowledge": 3}
_COLLECTIONS_LEAD = {"collection-negotiation": 4, "communication": 4, "product-knowledge": 4, "team-management": 3,
                     "motivation": 3}
_RISK = {"risk-identification": 3, "data-analysis": 3, "product-knowledge": 3}
_RISK_LEAD = {"risk-identification": 4, "data-analysis": 4, "product-knowledge": 4, "team-management": 2,
              "operations-analysis": 3}
_VIP_SUPERVISOR = {**_SUPERVISOR, "complaint-handling": 4}
_CO_TECH = {"system-operation": 4, "data-analysis": 3, "product-knowledge": 3}
_SELF_USE = {"system-operation": 3, "product-knowledge": 3, "communication": 3}
_SELF_USE_LEAD = {**_SELF_USE, "team-management": 3, "floor-management": 2}

# position code -> {competency: level}: every position of careers.default_framework.POSITIONS
PROFILES = {
    "agent": _AGENT,
    "team-leader": _TL,
    "supervisor": _SUPERVISOR,
    "cs-manager": _MANAGER,
    "cs-director": _DIRECTOR,
    "senior-agent": {"communication": 4, "complaint-handling": 3, "product-knowledge": 4, "system-operation": 3},
    "business-expert": {"communication": 4, "complaint-handling": 4, "product-knowledge": 5, "training-delivery": 2},
    "chief-expert": {"communication": 4, "complaint-handling": 5, "product-knowledge": 5, "training-delivery": 3,
                     "operations-analysis": 3},
    "vip-assistant": _AGENT,
    "vip-manager": {"communication": 4, "complaint-handling": 3, "product-knowledge": 4, "system-operation": 3},
    "vip-senior": {"communication": 4, "complaint-handling": 4, "product-knowledge": 4, "team-management": 2},
    "vip-supervisor": _VIP_SUPERVISOR,
    "qa-officer": _QA,
    "qa-lead": _QA_LEAD,
    "qa-manager": _QA_MANAGER,
    "trainer": _TRAINER,
    "trainer-senior": _TRAINER_SENIOR,
    "training-manager": _TRAINING_MANAGER,
    "scheduler": _SCHEDULER,
    "scheduling-lead": _SCHEDULING_LEAD,
    "mis-analyst": _MIS,
    "mis-lead": _MIS_LEAD,
    "paperwork-clerk": _PAPERWORK,
    "paperwork-lead": _PAPERWORK_LEAD,
    "billing-clerk": _BILLING,
    "billing-lead": _BILLING_LEAD,
    "collections-agent": _COLLECTIONS,
    "collections-lead": _COLLECTIONS_LEAD,
    "risk-officer": _RISK,
    "risk-lead": _RISK_LEAD,
    # the function titles of the COLA roadmap (seed 000), bottom row first
    "cola-rep-hdqa": {"quality-evaluation": 3, "product-knowledge": 3, "communication": 3},
    "cola-rep-cs": _AGENT,
    "cola-rep-training-coll": {"collection-negotiation": 2, "training-delivery": 2, "communication": 3,
                               "product-knowledge": 3},
    "cola-rep-self": _SELF_USE,
    "cola-rep-billing": _BILLING,
    "cola-f1-specialist": {**_AGENT, "complaint-handling": 3},
    "cola-f2-specialist": {**_AGENT, "complaint-handling": 3, "product-knowledge": 4},
    "cola-f3-specialist": _SUPERVISOR,
    "cola-senior-cotech": _CO_TECH,
    "cola-senior-tig": _CO_TECH,
    "cola-senior-hdqa-lead": _QA_LEAD,
    "cola-senior-cs-lead": _TL,
    "cola-senior-training-coll-lead": {"training-delivery": 3, "collection-negotiation": 3, "communication": 4,
                                       "team-management": 3, "motivation": 2},
    "cola-senior-self-lead": _SELF_USE_LEAD,
    "cola-senior-billing": _BILLING_LEAD,
    "cola-senior-risk": _RISK,
    "cola-senior-trainer": _TRAINER,
    "cola-deputy-cotech": {**_CO_TECH, "system-operation": 5, "operations-analysis": 3},
    "cola-deputy-hdqa": _QA_MANAGER,
    "cola-deputy-cs": _SUPERVISOR,
    "cola-deputy-training-coll": {"training-delivery": 4, "collection-negotiation": 4, "team-management": 4,
                                  "performance-coaching": 3, "motivation": 3},
    "cola-deputy-self": {**_SELF_USE_LEAD, "team-management": 4, "operations-analysis": 3},
    "cola-deputy-billing": {**_BILLING_LEAD, "team-management": 4, "cost-control": 3},
    "cola-deputy-risk": _RISK_LEAD,
    "cola-deputy-trainer": _TRAINING_MANAGER,
    "cola-f4-manager": _MANAGER,
}
