// รายการหลัก: the newest registrations of today first, and every urgent letter, most urgent first.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';

let app: TestApp;
afterEach(() => app?.dispose());

describe('รายการหลัก', () => {
  it('shows the newest of a batch registered in the same second, and ด่วน, ด่วนมาก, ด่วนที่สุด most urgent first', async () => {
    app = openTestApp();
    for (let i = 1; i <= 50; i++) await app.must('entries.create', incoming(`หนังสือชุดที่ ${i}`));
    const { latest } = await app.must('home.summary', {});
    expect(latest.map((e) => e.registerNo)).toEqual([50, 49, 48, 47, 46, 45, 44, 43, 42, 41]);

    await app.must('entries.create', incoming('ด่วน', { urgency: 'urgent' }));
    await app.must('entries.create', incoming('ด่วนที่สุด', { urgency: 'most_urgent' }));
    await app.must('entries.create', incoming('ด่วนมาก', { urgency: 'very_urgent' }));
    const { urgent } = await app.must('home.summary', {});
    expect(urgent.map((e) => e.subject)).toEqual(['ด่วนที่สุด', 'ด่วนมาก', 'ด่วน']);
  });
});
