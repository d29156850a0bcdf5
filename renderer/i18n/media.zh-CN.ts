/** 媒体（图片、语音、视频、文件）的界面文字。合并在 i18n.ts 的 `media` 键下。 */
export const mediaZhCN = {
  kind: {
    image: '图片',
    voice: '语音',
    video: '视频',
    emotion: '表情',
    file: '文件',
    meeting_voice_call: '会议录音',
    voip_doc_share: '共享文档',
  },
  state: {
    pending: '未下载',
    queued: '排队中',
    downloading: '下载中 {{percent}}',
    done: '已下载',
    failed: '下载失败',
  },
  verification: {
    verified: 'MD5 已校验',
    unverified: '未校验（存档未提供 MD5）',
    'md5-mismatch': 'MD5 不一致（多次重下后保留原样）',
    'size-mismatch': '大小与存档不一致（多次重下后保留原样）',
  },
  failure: {
    permanent: '文件不存在或已过期，无法下载',
    code10005: 'sdkfileid 无效（10005）',
    code301048: '文件不存在或已过期（301048）',
    retryable: '暂时失败，可重试',
    attempts: '重试 {{count}} 次',
  },
  action: {
    download: '下载',
    retry: '重试',
    open: '打开',
    saveAs: '另存为…',
    openExternal: '用系统应用打开',
    play: '播放',
    pause: '暂停',
  },
  confirmOpen: {
    title: '用系统应用打开此文件？',
    body: '文件“{{name}}”来自聊天存档，可能不可信。将以副本方式交给系统默认应用打开。',
    confirm: '打开',
  },
  lightbox: {
    label: '图片查看器',
    zoomIn: '放大',
    zoomOut: '缩小',
    rotate: '旋转 90°',
    reset: '还原',
    close: '关闭',
    zoom: '{{percent}}%',
  },
  voice: {
    label: '语音消息，{{duration}}',
    progress: '播放进度',
    decodeFailed: '无法解码此语音',
  },
  video: {
    label: '视频，{{duration}}',
  },
  file: {
    size: '大小',
    type: '类型',
    unnamed: '（无文件名）',
  },
  panel: {
    title: '媒体',
    filter: '类型',
    all: '全部',
    empty: '此企业的存档中没有媒体。',
    previous: '上一页',
    next: '下一页',
    page: '第 {{from}}–{{to}} 项，共 {{total}} 项',
  },
  downloadAll: {
    title: '全部下载',
    start: '全部下载',
    pause: '暂停',
    resume: '继续',
    cancel: '取消排队',
    progress: '已完成 {{done}} / {{total}}',
    detail: '失败 {{failed}} · 速度 {{rate}}/s · 本次已下载 {{bytes}}',
    paused: '已暂停',
    nothing: '所有媒体都已下载。',
  },
  verify: {
    start: '校验已存文件',
    clean: '已校验 {{items}} 项的 {{files}} 个已存文件（{{bytes}}），用时 {{seconds}} 秒：全部完好。',
    problems:
      '已校验 {{files}} 个已存文件：{{damaged}} 个损坏，{{missing}} 个缺失。涉及的 {{items}} 项可通过“全部下载”重新下载。',
  },
};

export type MediaMessages = typeof mediaZhCN;
