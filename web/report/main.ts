/** The HTML report's page script: reads the embedded data and draws the page. */
import type { PageData } from '../../src/reporters/html/model.js';
import { append, h } from './dom.js';
import { runPage } from './run.js';
import { scenarioPage } from './scenario.js';
import './style.css';

const app = document.getElementById('app')!;
try {
  const data = JSON.parse(document.getElementById('tinyhil-data')!.textContent ?? '') as PageData;
  append(app, ...(data.page === 'run' ? runPage(data) : scenarioPage(data)));
  append(app, h('footer', {}, 'Made by tinyhil. The figures are in report.json next to this file.'));
} catch (e) {
  append(app, h('p', { class: 'chart-error' }, `This report could not be drawn: ${(e as Error).message}. The figures are in report.json next to this file.`));
}
document.body.setAttribute('data-ready', 'true');
