// Styles live in the widget's shadow root, so the shop's CSS and ours never meet.
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.kd { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; color: #1f2d3d; line-height: 1.5; }
:where(.kd) button { font: inherit; }
.kd button:focus-visible { outline: 2px solid #1f6feb; outline-offset: 2px; }
.kd-launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center; gap: 6px;
  padding: 12px 18px; border: none; border-radius: 24px; background: #1f6feb; color: #fff; font-weight: 600;
  box-shadow: 0 6px 20px rgba(31, 111, 235, .4); cursor: pointer; }
.kd-launcher:hover { background: #195ed0; }
.kd-badge { min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #f5222d; color: #fff; font-size: 12px;
  line-height: 20px; text-align: center; }
.kd-panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 370px; height: min(600px, calc(100vh - 40px));
  display: flex; flex-direction: column; background: #f4f6f9; border-radius: 12px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(0, 0, 0, .25); }
.kd-head { display: flex; align-items: center; gap: 10px; padding: 12px 14px; background: #1f6feb; color: #fff; }
.kd-head-text { flex: 1; min-width: 0; }
.kd-title { font-weight: 600; font-size: 15px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kd-status { font-size: 12px; opacity: .85; }
.kd-status::before { content: ""; display: inline-block; width: 7px; height: 7px; border-radius: 50%; margin-right: 5px;
  background: #ffd666; vertical-align: 1px; }
.kd-status[data-state="online"]::before { background: #73d13d; }
.kd-status[data-state="online"][data-unstaffed]::before { background: #faad14; }
.kd-status[data-state="offline"]::before { background: #ff4d4f; }
.kd-status[data-state="refused"]::before { background: #bfbfbf; }
.kd-panel[data-refused] .kd-compose, .kd-panel[data-refused] .kd-before, .kd-panel[data-refused] .kd-above, .kd-panel[data-refused] .kd-empty { display: none; }
.kd-close { border: none; background: transparent; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; padding: 4px 6px;
  min-width: 40px; min-height: 40px; }
.kd-messages { flex: 1; overflow-y: auto; overflow-anchor: none; padding: 14px; }
.kd-empty { margin: 24px 8px; text-align: center; color: #8492a6; }
.kd-earlier { display: block; margin: 0 auto 12px; border: none; background: transparent; color: #1f6feb; cursor: pointer;
  font-size: 12px; }
.kd-msg { display: flex; flex-direction: column; align-items: flex-start; margin-bottom: 12px; }
.kd-msg-customer { align-items: flex-end; }
.kd-meta { font-size: 12px; color: #8492a6; margin-bottom: 2px; }
.kd-bubble { max-width: 82%; padding: 8px 12px; border-radius: 10px; background: #fff; border: 1px solid #e3e7ee;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.kd-bubble + .kd-bubble, .kd-card + .kd-bubble, .kd-image + .kd-bubble, .kd-file + .kd-bubble { margin-top: 4px; }
.kd-msg-customer .kd-bubble { background: #1f6feb; border-color: #1f6feb; color: #fff; }
.kd-msg-system { align-items: center; }
.kd-msg-system .kd-bubble { background: #eef1f6; border: none; color: #5a6a85; font-size: 12px; padding: 4px 12px; max-width: 90%;
  text-align: center; }
.kd-state { font-size: 12px; color: #8492a6; margin-top: 2px; }
.kd-msg-customer .kd-state { max-width: 82%; text-align: right; }
.kd-state-failed { color: #f5222d; }
.kd-mark-unread { color: #1f6feb; }
.kd-state button { border: none; background: none; color: #1f6feb; cursor: pointer; text-decoration: underline; padding: 0 2px; }
.kd-image { display: block; position: relative; padding: 0; border: 1px solid #e3e7ee; border-radius: 10px; background: #e9edf3;
  overflow: hidden; cursor: zoom-in; min-width: 120px; min-height: 90px; max-width: 220px; }
.kd-image.kd-image-loaded { min-width: 0; min-height: 0; background: #fff; }
.kd-image img { display: block; max-width: 220px; max-height: 220px; }
.kd-image:not(.kd-image-loaded) img { visibility: hidden; }
.kd-image-note { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 6px;
  font-size: 12px; color: #8492a6; white-space: pre-line; overflow-wrap: anywhere; text-align: center; }
.kd-file { display: flex; align-items: center; gap: 10px; width: 240px; max-width: 82%; padding: 10px 12px; border: 1px solid #e3e7ee;
  border-radius: 10px; background: #fff; color: #1f2d3d; text-align: left; }
button.kd-file { cursor: pointer; }
button.kd-file:hover { border-color: #1f6feb; }
.kd-file svg { flex: none; color: #1f6feb; }
.kd-file-info { display: flex; flex-direction: column; min-width: 0; }
.kd-file-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kd-file-size { font-size: 12px; color: #8492a6; }
.kd-card { width: 250px; max-width: 88%; border: 1px solid #e3e7ee; border-radius: 10px; background: #fff; padding: 10px 12px; }
.kd-product { display: flex; gap: 10px; }
.kd-product-img { flex: none; width: 64px; height: 64px; border-radius: 6px; object-fit: cover; background: #f4f6f9; }
.kd-product-info { display: flex; flex-direction: column; justify-content: space-between; min-width: 0; }
.kd-product-title { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; overflow-wrap: anywhere; }
.kd-price { color: #f5222d; font-weight: 600; }
.kd-order-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-size: 12px; color: #5a6a85; }
.kd-order-no { overflow-wrap: anywhere; }
.kd-order-status { flex: none; padding: 0 6px; border-radius: 4px; background: #e6f0ff; color: #1f6feb; }
.kd-order-closed { background: #f0f0f0; color: #8492a6; }
.kd-order-awaitingPayment { background: #fff7e6; color: #d46b08; }
.kd-order-summary { margin: 6px 0; overflow-wrap: anywhere; }
.kd-order-foot { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; font-size: 12px; color: #8492a6; }
.kd-order-total { color: #1f2d3d; }
.kd-survey { width: 100%; max-width: 340px; text-align: center; }
.kd-survey-title { font-weight: 600; }
.kd-survey-text { font-size: 13px; color: #5a6a85; margin: 2px 0 8px; white-space: pre-wrap; overflow-wrap: anywhere; }
.kd-ratings { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2px; }
.kd-rating { display: flex; flex-direction: column; align-items: center; gap: 2px; min-width: 0; min-height: 56px; padding: 6px 0 4px;
  border: 1px solid transparent; border-radius: 8px; background: transparent; color: #8492a6; cursor: pointer; }
.kd-rating:hover { color: #1f6feb; }
.kd-rating[aria-checked="true"] { border-color: #1f6feb; background: #e6f0ff; color: #1f6feb; }
.kd-rating-label { font-size: 12px; line-height: 1.25; color: #1f2d3d; word-break: keep-all; }
.kd-rating[aria-checked="true"] .kd-rating-label { color: #1f6feb; font-weight: 600; }
.kd-survey-comment { display: block; width: 100%; margin-top: 8px; resize: vertical; border: 1px solid #c0ccda; border-radius: 8px;
  padding: 6px 8px; font: inherit; font-size: 13px; }
.kd-survey-comment:focus { outline: 2px solid #1f6feb; border-color: #1f6feb; }
.kd-survey-error { margin-top: 6px; font-size: 12px; color: #a8071a; }
.kd-survey-submit { margin-top: 8px; min-height: 36px; padding: 6px 18px; border: none; border-radius: 8px; background: #1f6feb; color: #fff;
  font-weight: 600; cursor: pointer; }
.kd-survey-submit:disabled { background: #a0b8e8; cursor: default; }
.kd-survey-answer { display: flex; align-items: center; justify-content: center; gap: 6px; margin-top: 4px; }
.kd-survey-answer svg { color: #1f6feb; }
.kd-survey-answer strong { color: #1f6feb; }
.kd-survey-thanks { font-size: 12px; color: #8492a6; }
.kd-typing { padding: 2px 14px 6px; font-size: 12px; color: #8492a6; }
.kd-error { margin: 0 12px 8px; padding: 6px 10px; border-radius: 6px; background: #fff1f0; color: #a8071a; font-size: 12px; }
.kd-notice { margin: 0 12px 8px; padding: 6px 10px; border-radius: 6px; background: #e6f0ff; color: #1f4fa8; font-size: 12px; }
.kd-bot-label { display: inline-block; margin-left: 6px; padding: 0 5px; border: 1px solid #d3dae6; border-radius: 4px; color: #8492a6;
  font-size: 11px; line-height: 16px; vertical-align: 1px; }
.kd-queue { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; margin: 0 12px 8px; padding: 10px 14px; border-radius: 8px;
  background: #e6f0ff; border: 1px solid #9dbcf5; color: #1f4fa8; font-size: 14px; }
.kd-queue::before { content: ""; flex: none; width: 8px; height: 8px; border-radius: 50%; background: #1f6feb; align-self: center;
  animation: kd-pulse 1.6s ease-in-out infinite; }
@keyframes kd-pulse { 50% { opacity: .45; } }
@media (prefers-reduced-motion: reduce) { .kd-queue::before { animation: none; } }
.kd-queue-main { font-weight: 600; }
.kd-queue-detail { color: #4a6aa8; font-size: 13px; }
.kd-queue-detail::before { content: "· "; }
.kd-menu { padding: 8px 12px 10px; background: #fff; border-top: 1px solid #e3e7ee; }
.kd-menu-title { font-size: 12px; color: #5a6a85; margin-bottom: 6px; }
.kd-chips { display: flex; flex-wrap: wrap; gap: 8px; }
.kd-chip { min-height: 34px; padding: 6px 14px; border: 1px solid #1f6feb; border-radius: 17px; background: #fff; color: #1f6feb;
  cursor: pointer; }
.kd-chip:hover { background: #e6f0ff; }
.kd-banner { padding: 8px 14px; background: #fffbe6; border-bottom: 1px solid #ffe58f; color: #7c5400; font-size: 13px; }
.kd-banner-note { margin-top: 2px; font-size: 12px; color: #389e0d; }
.kd-before { background: #fff; border-top: 1px solid #e3e7ee; max-height: 70%; overflow-y: auto; }
.kd-details { padding: 10px 12px 4px; }
.kd-prechat { padding: 14px 16px 12px; }
.kd-details-title { font-weight: 600; font-size: 15px; margin-bottom: 2px; }
.kd-details-hint { font-size: 12px; color: #5a6a85; margin-bottom: 8px; }
.kd-field { margin-bottom: 8px; }
.kd-label { display: block; font-size: 12px; color: #1f2d3d; margin-bottom: 2px; }
.kd-required { color: #f5222d; margin-left: 2px; }
.kd-field-input { display: block; width: 100%; min-height: 36px; border: 1px solid #c0ccda; border-radius: 8px; padding: 6px 10px; font: inherit; }
.kd-field-input:focus { outline: 2px solid #1f6feb; border-color: #1f6feb; }
.kd-field-input[aria-invalid="true"] { border-color: #f5222d; }
.kd-field-error { margin-top: 2px; font-size: 12px; color: #a8071a; }
.kd-form-error { margin: 0 0 8px; }
.kd-details-actions { display: flex; align-items: center; gap: 14px; margin-top: 4px; }
.kd-details-actions .kd-send { flex: 1; }
.kd-link { border: none; background: none; color: #5a6a85; cursor: pointer; text-decoration: underline; padding: 8px 4px; }
.kd-link:hover { color: #1f6feb; }
.kd-contact .kd-details-hint { margin-bottom: 4px; }
.kd-contact-row { display: flex; gap: 8px; }
.kd-contact-body[hidden], .kd-contact-open[hidden] { display: none; }
.kd-contact-open { background: none; border: none; padding: 2px 0; color: #1677ff; font-size: 12px; cursor: pointer; text-align: left; }
.kd-contact-row .kd-field { flex: 1; min-width: 0; margin-bottom: 4px; }
.kd-compose { position: relative; display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; background: #fff; border-top: 1px solid #e3e7ee; }
.kd-attach { flex: none; display: flex; align-items: center; justify-content: center; width: 40px; height: 40px; padding: 0;
  border: none; border-radius: 8px; background: transparent; color: #5a6a85; cursor: pointer; }
.kd-attach:hover { background: #eef1f6; color: #1f6feb; }
.kd-emoji-toggle { flex: none; width: 36px; height: 40px; padding: 0; border: none; border-radius: 8px; background: none; font-size: 20px; cursor: pointer; }
.kd-emoji-toggle:hover { background: #eef1f6; }
.kd-emoji { position: absolute; left: 8px; right: 8px; bottom: 100%; margin-bottom: 4px; display: grid; grid-template-columns: repeat(auto-fill, minmax(36px, 1fr));
  gap: 2px; padding: 6px; background: #fff; border: 1px solid #e3e7ee; border-radius: 10px; box-shadow: 0 4px 16px rgba(0,0,0,.12); z-index: 2; }
.kd-emoji[hidden] { display: none; }
.kd-emoji-choice { height: 36px; border: none; background: none; border-radius: 6px; font-size: 22px; cursor: pointer; padding: 0; }
.kd-emoji-choice:hover { background: #eef1f6; }
.kd-orders-toggle { flex-direction: column; gap: 0; width: 44px; }
.kd-orders-toggle[aria-expanded="true"] { background: #e6f0ff; color: #1f6feb; }
.kd-tool-label { font-size: 11px; line-height: 1.2; }
.kd-orders { position: absolute; left: 8px; right: 8px; bottom: 100%; z-index: 1; display: flex; flex-direction: column;
  max-height: min(360px, 60vh); background: #fff; border: 1px solid #d3dae6; border-bottom: none; border-radius: 10px 10px 0 0;
  box-shadow: 0 -4px 16px rgba(31, 45, 61, .14); }
.kd-orders:focus { outline: none; }
.kd-orders-head { display: flex; align-items: center; gap: 8px; padding: 6px 6px 6px 12px; border-bottom: 1px solid #eef1f6; }
.kd-orders-title { flex: 1; font-weight: 600; font-size: 13px; }
.kd-orders-close { border: none; background: transparent; color: #5a6a85; font-size: 20px; line-height: 1; cursor: pointer; min-width: 32px; min-height: 32px; }
.kd-orders-body { overflow-y: auto; padding: 4px 0; }
.kd-orders-row { display: flex; gap: 10px; width: 100%; padding: 8px 12px; border: none; background: transparent; color: #1f2d3d;
  text-align: left; cursor: pointer; }
.kd-orders-row:hover { background: #f4f8ff; }
.kd-orders-item + .kd-orders-item { border-top: 1px solid #f0f2f5; }
.kd-orders-img { flex: none; width: 44px; height: 44px; border-radius: 6px; object-fit: cover; background: #f4f6f9; }
.kd-orders-info { display: flex; flex-direction: column; gap: 2px; flex: 1; min-width: 0; }
.kd-orders-line { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-size: 12px; color: #5a6a85; }
.kd-orders-foot { align-items: baseline; color: #8492a6; }
.kd-orders-summary { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kd-orders-status { padding: 14px 12px; text-align: center; color: #8492a6; font-size: 13px; }
.kd-orders-failed { color: #a8071a; }
.kd-orders-more { display: block; margin: 4px auto 6px; min-height: 32px; padding: 4px 14px; border: 1px solid #c0ccda; border-radius: 16px;
  background: #fff; color: #1f6feb; cursor: pointer; font-size: 13px; }
.kd-orders-more:hover { border-color: #1f6feb; }
.kd-input { flex: 1; min-width: 0; resize: none; border: 1px solid #c0ccda; border-radius: 8px; padding: 8px 10px; font: inherit; height: 60px; }
.kd-input:focus { outline: 2px solid #1f6feb; border-color: #1f6feb; }
.kd-send { flex: none; min-height: 40px; padding: 8px 16px; border: none; border-radius: 8px; background: #1f6feb; color: #fff;
  font-weight: 600; cursor: pointer; }
.kd-send:disabled { background: #a0b8e8; cursor: default; }
.kd-drop { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; margin: 8px;
  border: 2px dashed #1f6feb; border-radius: 10px; background: rgba(244, 246, 249, .92); color: #1f6feb; font-size: 16px; font-weight: 600;
  pointer-events: none; }
.kd-lightbox { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 12px;
  background: rgba(0, 0, 0, .85); cursor: zoom-out; }
.kd-lightbox img { max-width: 100%; max-height: 100%; object-fit: contain; }
.kd-lightbox .kd-close { position: absolute; top: 8px; right: 8px; }
@media (max-width: 480px) {
  .kd-panel { right: 0; bottom: 0; width: 100vw; height: 100%; border-radius: 0; }
  .kd-launcher { right: 12px; bottom: 12px; }
  .kd-input, .kd-field-input { font-size: 16px; }
  .kd-input { height: 48px; }
  .kd-field-input { min-height: 44px; }
  .kd-contact-row { flex-direction: column; gap: 0; }
  .kd-attach { width: 44px; height: 44px; }
  .kd-send { min-height: 44px; }
  .kd-chip { min-height: 40px; }
}
@media (max-width: 360px) {
  .kd-rating-label { font-size: 10px; }
}
`;
