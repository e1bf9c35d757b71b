/** The compare panel's webview type (package.json's activation event names it too). */
export const COMPARE_VIEW_TYPE = 'kimiBatches.compare';
