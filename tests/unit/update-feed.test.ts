// The app's update feed comes from the server this PC is enrolled with, at run time.
import { describe, expect, it } from 'vitest';
import { updateErrorState, updateFeedUrl, updateStatusText } from '../../src-main/shell/updateFeed.js';

describe('the update feed', () => {
  it('is <server>/updates/ of the configured server', () => {
    expect(updateFeedUrl('https://saraban.example.go.th')).toBe('https://saraban.example.go.th/updates/');
    expect(updateFeedUrl('http://10.0.0.5:8787/')).toBe('http://10.0.0.5:8787/updates/');
    // A server behind a reverse proxy under a path keeps the path.
    expect(updateFeedUrl('https://office.example.go.th/saraban/?x=1#y')).toBe('https://office.example.go.th/saraban/updates/');
  });

  it('is none without a usable server', () => {
    expect(updateFeedUrl(null)).toBeNull();
    expect(updateFeedUrl('')).toBeNull();
    expect(updateFeedUrl('not a url')).toBeNull();
    expect(updateFeedUrl('file:///C:/updates/')).toBeNull();
    expect(updateFeedUrl('https://user:pw@example.go.th/')).toBeNull();
  });

  it('stays silent offline and speaks up on a checksum mismatch', () => {
    expect(updateErrorState('net::ERR_INTERNET_DISCONNECTED')).toEqual({ state: 'offline' });
    expect(updateErrorState('getaddrinfo ENOTFOUND saraban.example.go.th')).toEqual({ state: 'offline' });
    expect(updateErrorState('connect ECONNREFUSED 10.0.0.5:8787')).toEqual({ state: 'offline' });
    const bad = updateErrorState('sha512 checksum mismatch, expected abc, got def');
    expect(bad.state).toBe('failed');
    expect(updateStatusText(bad)).toContain('sha512');
    // No release published yet on the server: nothing to do, not an error.
    expect(updateErrorState('HttpError: 404 Not Found ... latest.yml').state).toBe('up-to-date');
  });

  it('tells the admin in Thai what happens next', () => {
    expect(updateStatusText({ state: 'ready', version: '0.2.0' })).toContain('ติดตั้งการอัปเดต');
    expect(updateStatusText({ state: 'downloading', version: '0.2.0', percent: 41.6 })).toContain('42%');
    expect(updateStatusText({ state: 'offline' })).toContain('ติดต่อเครื่องแม่ข่ายไม่ได้');
  });
});
