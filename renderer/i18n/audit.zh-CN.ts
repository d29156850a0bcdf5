/** Reviewer identity and audit trail strings (issue 11); audit.en.ts is typed against these. */
export const auditZhCN = {
  navLabel: '审计',
  reviewer: {
    dialogTitle: '您是哪位审阅人？',
    dialogIntro:
      '本应用把每次查看、搜索和设置变更连同审阅人姓名记入审计记录。共用工作站时，请在顶栏切换审阅人。',
    name: '姓名',
    employeeId: '工号（可选）',
    save: '开始审阅',
    cancel: '取消',
    current: '审阅人：{{name}}',
    unnamed: '未命名审阅人',
    switch: '切换审阅人',
    switchTitle: '切换审阅人',
    problem: {
      'name-required': '请填写姓名。',
      'name-too-long': '姓名最多 100 个字符。',
      'employee-id-too-long': '工号最多 64 个字符。',
    },
  },
  audit: {
    title: '审计记录',
    intro:
      '每条记录包含时间、审阅人、操作、对象及变更前后内容，并以 SHA-256 哈希链相连；记录只能追加，不能修改或删除。链头另存于主进程的数据文件夹。',
    empty: '还没有审计记录。',
    noMatch: '没有符合筛选条件的记录。',
    filters: '筛选',
    reviewer: '审阅人',
    action: '操作',
    from: '起始日期',
    to: '截止日期',
    all: '全部',
    clear: '清除筛选',
    columns: {
      seq: '序号',
      time: '时间',
      reviewer: '审阅人',
      action: '操作',
      target: '对象',
      change: '变更',
    },
    page: '第 {{page}} 页，共 {{pages}} 页（{{count}} 条）',
    previous: '上一页',
    next: '下一页',
    verify: '校验审计记录',
    verifying: '正在校验…',
    export: '导出（JSON Lines）',
    exported: '已导出：{{files}}',
    exportHint:
      '每行一条记录，为其规范形式：JSON，各层键按字典序排列，无空白，UTF-8；hash 为去掉 hash 字段后该形式的 SHA-256。校验方法见 docs/audit-trail.md。',
    result: {
      intact:
        '审计记录完整：{{count}} 条记录，哈希链无断点，与主进程记录的链头（第 {{seq}} 条）一致。用时 {{ms}} 毫秒。',
      intactNoHead: '哈希链完整：{{count}} 条记录。主进程尚未记录链头，因此无法检查末尾是否被截断。',
      headBehind: '主进程记录的链头停在第 {{seq}} 条（之后的追加未能告知主进程，例如连接中断时）。',
      headError: '无法读取主进程的链头：{{message}}',
      broken: '审计记录已被篡改：第一个断点在第 {{seq}} 条 —— {{kind}}',
      kind: {
        edited: '该记录的内容与其哈希不符（记录被修改）。',
        'broken-link': '该记录的 prevHash 与前一条记录的哈希不符（前一条被替换，或记录顺序被调整）。',
        missing: '缺少该序号的记录（中间的记录被删除）。',
        'out-of-order': '记录序号重复或顺序错乱。',
        malformed: '该记录格式不完整。',
        truncated: '记录在主进程链头之前就结束了（末尾的记录被删除）。',
        'head-mismatch': '该序号记录的哈希与主进程记录的链头不符。',
      },
    },
    actions: {
      'reviewer.changed': '切换审阅人',
      'conversation.viewed': '查看会话',
      'search.performed': '执行搜索',
      'key.imported': '导入私钥',
      'key.removed': '删除私钥',
      'corp.saved': '保存企业设置',
      'corp.removed': '删除企业',
      'pull.started': '开始拉取',
      'pull.continued-after-gap': '从最早保留的消息继续（记录缺口）',
      'trail.exported': '导出审计记录',
    },
  },
};

export type AuditMessages = typeof auditZhCN;
