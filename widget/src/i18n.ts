// Widget strings. Chinese by default; English when the page asks for it (data-lang="en").
const zh = {
  launcher: "联系客服",
  title: "在线客服",
  online: "已连接",
  connecting: "连接中…",
  offline: "网络断开,正在重连…",
  placeholder: "请输入您的问题,Enter 发送",
  send: "发送",
  empty: "您好!有任何问题都可以在这里咨询我们。",
  you: "我",
  agent: "客服",
  sending: "发送中",
  failed: "发送失败",
  retry: "重试",
  close: "关闭",
  earlier: "查看更早的消息",
  tooLong: "消息不能超过 5000 个字符",
  unavailable: "客服系统暂时无法连接,请稍后再试。",
  newConversation: "新的会话",
};

export type Strings = typeof zh;

const en: Strings = {
  launcher: "Chat with us",
  title: "Customer service",
  online: "Connected",
  connecting: "Connecting…",
  offline: "Connection lost, reconnecting…",
  placeholder: "Type your question; Enter sends",
  send: "Send",
  empty: "Hello! Ask us anything here.",
  you: "Me",
  agent: "Agent",
  sending: "Sending",
  failed: "Not sent",
  retry: "Retry",
  close: "Close",
  earlier: "Show earlier messages",
  tooLong: "A message cannot be longer than 5,000 characters",
  unavailable: "Customer service cannot be reached right now. Please try again later.",
  newConversation: "New conversation",
};

export function stringsFor(lang: string | null | undefined): Strings {
  return lang && lang.toLowerCase().startsWith("en") ? en : zh;
}

export function cultureFor(lang: string | null | undefined): string {
  return lang && lang.toLowerCase().startsWith("en") ? "en" : "zh-CN";
}
