// Styles live in the widget's shadow root, so the shop's CSS and ours never meet.
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; }
.kd { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; color: #1f2d3d; line-height: 1.5; }
.kd-launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center; gap: 6px;
  padding: 12px 18px; border: none; border-radius: 24px; background: #1f6feb; color: #fff; font: inherit; font-weight: 600;
  box-shadow: 0 6px 20px rgba(31, 111, 235, .4); cursor: pointer; }
.kd-launcher:hover { background: #195ed0; }
.kd-badge { min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #f5222d; color: #fff; font-size: 12px;
  line-height: 20px; text-align: center; }
.kd-panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 370px; height: min(600px, calc(100vh - 40px));
  display: flex; flex-direction: column; background: #f4f6f9; border-radius: 12px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(0, 0, 0, .25); }
.kd-panel[hidden], .kd-launcher[hidden], .kd-badge[hidden], .kd-error[hidden] { display: none; }
.kd-head { display: flex; align-items: center; gap: 10px; padding: 12px 14px; background: #1f6feb; color: #fff; }
.kd-head-text { flex: 1; min-width: 0; }
.kd-title { font-weight: 600; font-size: 15px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kd-status { font-size: 12px; opacity: .85; }
.kd-status::before { content: ""; display: inline-block; width: 7px; height: 7px; border-radius: 50%; margin-right: 5px;
  background: #ffd666; vertical-align: 1px; }
.kd-status[data-state="online"]::before { background: #73d13d; }
.kd-status[data-state="offline"]::before { background: #ff4d4f; }
.kd-close { border: none; background: transparent; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; padding: 4px 6px; }
.kd-messages { flex: 1; overflow-y: auto; padding: 14px; }
.kd-empty { margin: 24px 8px; text-align: center; color: #8492a6; }
.kd-earlier { display: block; margin: 0 auto 12px; border: none; background: transparent; color: #1f6feb; cursor: pointer; font: inherit;
  font-size: 12px; }
.kd-msg { display: flex; flex-direction: column; align-items: flex-start; margin-bottom: 12px; }
.kd-msg-customer { align-items: flex-end; }
.kd-meta { font-size: 12px; color: #8492a6; margin-bottom: 2px; }
.kd-bubble { max-width: 82%; padding: 8px 12px; border-radius: 10px; background: #fff; border: 1px solid #e3e7ee;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.kd-msg-customer .kd-bubble { background: #1f6feb; border-color: #1f6feb; color: #fff; }
.kd-msg-system { align-items: center; }
.kd-msg-system .kd-bubble { background: #eef1f6; border: none; color: #5a6a85; font-size: 12px; }
.kd-state { font-size: 12px; color: #8492a6; margin-top: 2px; }
.kd-state-failed { color: #f5222d; }
.kd-state button { border: none; background: none; color: #1f6feb; cursor: pointer; font: inherit; text-decoration: underline; }
.kd-error { margin: 0 12px 8px; padding: 6px 10px; border-radius: 6px; background: #fff1f0; color: #a8071a; font-size: 12px; }
.kd-compose { display: flex; gap: 8px; padding: 10px 12px; background: #fff; border-top: 1px solid #e3e7ee; }
.kd-input { flex: 1; resize: none; border: 1px solid #c0ccda; border-radius: 8px; padding: 8px 10px; font: inherit; height: 60px; }
.kd-input:focus { outline: 2px solid #1f6feb; border-color: #1f6feb; }
.kd-send { align-self: flex-end; padding: 8px 16px; border: none; border-radius: 8px; background: #1f6feb; color: #fff; font: inherit;
  font-weight: 600; cursor: pointer; }
.kd-send:disabled { background: #a0b8e8; cursor: default; }
@media (max-width: 480px) {
  .kd-panel { right: 0; bottom: 0; width: 100vw; height: 100%; border-radius: 0; }
  .kd-launcher { right: 12px; bottom: 12px; }
  .kd-input { font-size: 16px; }
}
`;
