import 'uplot/dist/uPlot.min.css';
import './style.css';

import { LiveConnection, type ConnectionState } from './connection';
import { byId } from './dom';
import { MinuteChart } from './minute-chart';
import { OrdersFeed } from './orders-feed';
import { renderTicker } from './ticker-view';

/** The key lives for this browser tab only. */
const KEY_STORAGE = 'salesgraph.dashboardKey';

/** Hooks for automation (browser tests, kiosk scripts): read the state, drop and hold the socket. */
interface DashboardHooks {
  state(): ConnectionState;
  dropConnection(): void;
  pauseReconnect(ms: number): void;
}

declare global {
  interface Window {
    salesgraphDashboard: DashboardHooks;
  }
}

function start(): void {
  const socketUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
  const form = byId<HTMLFormElement>('key-form');
  const keyInput = byId<HTMLInputElement>('key');
  const disconnect = byId<HTMLButtonElement>('disconnect');
  const stateLabel = byId('connection-state');
  const reasonLabel = byId('connection-reason');
  const eventCount = byId('event-count');
  const feed = new OrdersFeed(byId('order-rows'));
  const chart = new MinuteChart(byId('revenue-chart'), byId('orders-chart'), byId('minute-totals'));
  const tickerRows = byId<HTMLTableSectionElement>('ticker-rows');
  const tickerWindow = byId('ticker-window');
  let connection: LiveConnection | null = null;
  let state: ConnectionState = 'closed';
  let received = 0;

  const show = (next: ConnectionState, reason: string) => {
    state = next;
    stateLabel.textContent = next;
    stateLabel.className = `state state-${next}`;
    reasonLabel.textContent = reason;
    form.hidden = next !== 'closed';
    disconnect.hidden = next === 'closed';
  };

  const connect = (key: string) => {
    connection?.stop('replaced');
    const current: LiveConnection = new LiveConnection(socketUrl, key, {
      state: (next, reason) => {
        if (connection === current) show(next, reason);
      },
      orderEvent: (event) => {
        received += 1;
        eventCount.textContent = String(received);
        feed.add(event);
        chart.add(event);
      },
      ticker: (ticker) => renderTicker(ticker, tickerRows, tickerWindow),
      keyRefused: () => sessionStorage.removeItem(KEY_STORAGE),
    });
    connection = current;
    current.start();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (!key) return;
    keyInput.value = '';
    sessionStorage.setItem(KEY_STORAGE, key);
    connect(key);
  });
  disconnect.addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    const closing = connection;
    connection = null;
    closing?.stop('disconnected');
    show('closed', 'disconnected');
  });

  window.salesgraphDashboard = {
    state: () => state,
    dropConnection: () => connection?.dropConnection(),
    pauseReconnect: (ms) => connection?.pauseReconnect(ms),
  };

  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) connect(saved);
  else show('closed', 'enter a DASHBOARD key to connect');
}

start();
