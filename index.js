'use strict';
/**
 * Package entry of n8n-nodes-salespanel. n8n itself loads the classes through the `n8n` section
 * of package.json (dist/ paths); this entry exposes the same classes to code that requires the
 * package directly, e.g. tests or other tooling: `require('n8n-nodes-salespanel').Salespanel`.
 * Run `npm run build` first: the classes are compiled into dist/.
 */
const { SalespanelApi } = require('./dist/credentials/SalespanelApi.credentials');
const { Salespanel } = require('./dist/nodes/Salespanel/Salespanel.node');
const { SalespanelTrigger } = require('./dist/nodes/Salespanel/SalespanelTrigger.node');
const { SalespanelPollingTrigger } = require('./dist/nodes/Salespanel/SalespanelPollingTrigger.node');

module.exports = { SalespanelApi, Salespanel, SalespanelTrigger, SalespanelPollingTrigger };
