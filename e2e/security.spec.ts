// RELIABILITY 1–2, 5–6 and 14 against the built app, on whichever host the fixture launched.
import { API_KEYS } from '../shared/contract';
import { httpProbe, tcpConnect, upgradeStatus } from '../main/host/probe';
import { exited, hostEnv, BROWSER_HOST } from './host-process';
import { expect, test } from './fixture';
import { ShellPage } from './pages/shell-page';
import { spawn } from 'node:child_process';
import { appRoot, findElectron } from '../scripts/find-electron.js';

test.describe('the window and the bridge (RELIABILITY 1–2)', () => {
  test('the page has no Node: typeof require and typeof process are undefined', async ({ page }) => {
    await new ShellPage(page).waitUntilReady();
    expect(
      await page.evaluate(() => [
        typeof (globalThis as { require?: unknown }).require,
        typeof (globalThis as { process?: unknown }).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
  });

  test('window.inpaint carries exactly the contract keys in Electron, and does not exist in the browser host', async ({
    page,
    host,
  }) => {
    await new ShellPage(page).waitUntilReady();
    const keys = await page.evaluate(() => {
      const api = (window as { inpaint?: object }).inpaint;
      return api ? Object.keys(api).sort() : null;
    });
    expect(keys).toEqual(host === 'electron' ? [...API_KEYS] : null);
  });

  test('the CSP blocks string evaluation and inline scripts', async ({ page, app }) => {
    // The violations this test provokes are reported on the console: expected here, nowhere else.
    app.allowConsole.push(/violates the following Content Security Policy directive/);
    await new ShellPage(page).waitUntilReady();
    // Code Playwright evaluates runs outside the page's CSP, so make the page itself evaluate strings:
    // a string timer and an inline <script>. Both must be refused and reported as violations.
    const verdict = await page.evaluate(async () => {
      const w = window as { __stringTimerRan?: boolean; __inlineRan?: boolean };
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      (setTimeout as (code: string, ms: number) => number)('window.__stringTimerRan = true', 0);
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 300));
      return {
        stringTimerRan: w.__stringTimerRan === true,
        inlineRan: w.__inlineRan === true,
        violations: [...new Set(violations)].sort(),
      };
    });
    expect(verdict.stringTimerRan).toBe(false);
    expect(verdict.inlineRan).toBe(false);
    expect(verdict.violations).toEqual(['script-src', 'script-src-elem']);
  });

  test('the page is served with a CSP of script-src self and no unsafe-eval', async ({ page, host, app }) => {
    test.skip(
      host === 'electron',
      'app:// responses are not visible to page.goto; the eval/inline test covers Electron',
    );
    const res = await page.goto(app.url!);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res?.headers()['access-control-allow-origin']).toBeUndefined();
  });

  test('no permission is granted', async ({ page }) => {
    await new ShellPage(page).waitUntilReady();
    const states = await page.evaluate(async () =>
      Promise.all(
        (['geolocation', 'camera', 'microphone', 'notifications'] as PermissionName[]).map(
          async (name) => (await navigator.permissions.query({ name })).state,
        ),
      ),
    );
    // Electron: the permission handlers deny; the browser host: Permissions-Policy turns them off
    // (notifications are not a policy feature: a fresh headless profile answers 'prompt' or 'denied').
    expect(states.slice(0, 3)).toEqual(['denied', 'denied', 'denied']);
    expect(states[3]).not.toBe('granted');
  });

  test('window.open is denied and navigation away from the app is prevented', async ({ page, host }) => {
    test.skip(host === 'browser', 'a browser tab may open windows and navigate: these guards are Electron-only');
    await new ShellPage(page).waitUntilReady();
    expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect.poll(() => page.url()).toBe(before);
  });
});

test.describe('the browser host (RELIABILITY 5–6)', () => {
  test.beforeEach(({ host }) => {
    test.skip(host === 'electron', 'there is no server in the Electron app');
  });

  test('prints a URL with a 256-bit token and binds 127.0.0.1 only', async ({ app }) => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(app.output().trim().split('\n').at(-1)).toBe(`Inpaint Studio is running at ${app.url}`);
    expect(await tcpConnect('127.0.0.1', app.port!)).toBe('connected');
    expect(await tcpConnect('127.0.0.2', app.port!)).toBe('ECONNREFUSED');
    expect(await tcpConnect('::1', app.port!)).not.toBe('connected');
  });

  test('the page drops the token from the address bar and still works after a reload', async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.waitUntilReady();
    expect(page.url()).not.toContain('token');
    await page.reload();
    await shell.waitUntilReady();
  });

  test('a page with a wrong token says so and what to do, not that the server is gone', async ({ page, app }) => {
    // The refused WebSocket and the 401 probe are logged by the browser: expected here.
    app.allowConsole.push(/401|WebSocket connection/);
    await page.goto(`http://127.0.0.1:${app.port}/?token=${'0'.repeat(64)}`);
    await expect(page.getByRole('alert').first()).toContainText('no valid access token');
    await expect(page.getByRole('alert').first()).toContainText('npm start');
  });

  test('the API and the WebSocket answer 401 without the token or with a wrong one', async ({ app }) => {
    const port = app.port!;
    const wrong = 'f'.repeat(64);
    expect((await httpProbe(port, '/api/ping', { method: 'POST' })).status).toBe(401);
    expect((await httpProbe(port, `/api/ping?token=${wrong}`, { method: 'POST' })).status).toBe(401);
    expect(
      (await httpProbe(port, '/api/ping', { method: 'POST', headers: { Authorization: `Bearer ${wrong}` } })).status,
    ).toBe(401);
    expect(await upgradeStatus(port, '/api/ws')).toBe(401);
    expect(await upgradeStatus(port, `/api/ws?token=${wrong}`)).toBe(401);
    // and the right token works
    const ok = await httpProbe(port, '/api/ping', {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.token}` },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(await upgradeStatus(port, `/api/ws?token=${app.token}`)).toBe(101);
  });

  test('a foreign Host header gets 403 on pages, the API and the WebSocket (DNS rebinding)', async ({ app }) => {
    const port = app.port!;
    const rebound = { Host: `attacker.example:${port}` };
    expect((await httpProbe(port, '/', { headers: rebound })).status).toBe(403);
    expect((await httpProbe(port, `/api/ping?token=${app.token}`, { method: 'POST', headers: rebound })).status).toBe(
      403,
    );
    expect(await upgradeStatus(port, `/api/ws?token=${app.token}`, rebound)).toBe(403);
  });

  test('a foreign Origin gets 403 even with the token, and no response allows other origins', async ({ app }) => {
    const port = app.port!;
    const origin = { Origin: 'http://attacker.example' };
    const api = await httpProbe(port, `/api/ping?token=${app.token}`, { method: 'POST', headers: origin });
    expect(api.status).toBe(403);
    expect(await upgradeStatus(port, `/api/ws?token=${app.token}`, origin)).toBe(403);
    const preflight = await httpProbe(port, '/api/ping', {
      method: 'OPTIONS',
      headers: { ...origin, 'Access-Control-Request-Method': 'POST' },
    });
    for (const r of [api, preflight, await httpProbe(port, '/')])
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});

test.describe('one writer per data folder (RELIABILITY 14)', () => {
  test('a second Electron instance hands over to the first and quits', async ({ host, page, dataDir }) => {
    test.skip(
      host === 'browser',
      'the browser host has no single-instance lock: the store lock refuses the second host (next test)',
    );
    await new ShellPage(page).waitUntilReady();
    const second = spawn(findElectron().bin!, [appRoot], {
      env: { ...process.env, INPAINT_DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const killer = setTimeout(() => second.kill('SIGKILL'), 30_000);
    const code = await exited(second).finally(() => clearTimeout(killer));
    expect(code).toBe(0);
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
  });

  test('a second browser host on the same data folder refuses to start and the first keeps working', async ({
    host,
    app,
    dataDir,
  }) => {
    test.skip(host === 'electron', 'Electron uses requestSingleInstanceLock: a second launch focuses the first window');
    const second = spawn(process.execPath, [BROWSER_HOST], {
      env: hostEnv(dataDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    second.stdout.on('data', (c) => (out += c));
    second.stderr.on('data', (c) => (out += c));
    const killer = setTimeout(() => second.kill('SIGKILL'), 30_000);
    const code = await exited(second).finally(() => clearTimeout(killer));
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/could not start: .*another Inpaint Studio is using/);
    expect(out).not.toContain('is running at');
    const ping = await httpProbe(app.port!, '/api/ping', {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.token}` },
    });
    expect(ping.status).toBe(200);
  });
});
