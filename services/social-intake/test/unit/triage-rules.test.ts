import { describe, expect, it } from 'vitest';
import { createClassifier, loadModel } from '../../src/triage/classifier.js';
import { CATEGORY_KEYWORDS, DEFAULT_RULE_WEIGHTS, evaluateRules } from '../../src/triage/rules.js';

const boosts = (text: string) => [...evaluateRules(text).categoryBoosts.keys()];

describe('category keywords', () => {
  it.each([
    ['BANJIR lagi di Pagarsih', 'banjir-genangan'],
    ['cileuncang di jl cihampelas', 'banjir-genangan'],
    ['lampu jalan mati di gang kami', 'lampu-jalan-mati'],
    ['pju padam sejak senin', 'lampu-jalan-mati'],
    ['ada pungli di terminal', 'pungli-perilaku-aparatur'],
    ['sampah numpuk di TPS', 'sampah'],
    ['got mampet, tolong dikeruk', 'drainase-tersumbat'],
    ['traffic light simpang dago error', 'rambu-lampu-lalu-lintas'],
    ['jukir liar minta 5rb', 'parkir-liar'],
    ['pohon mahoni tumbang', 'pohon-taman'],
  ])('%j boosts %s', (text, category) => {
    expect(boosts(text)).toContain(category);
    expect(evaluateRules(text).signals).toContain(`keyword:${category}`);
  });

  it('need all their parts: "lampu jalan" alone is not a dead street light, "sampah" alone is not uncollected rubbish', () => {
    expect(boosts('lampu jalan di Braga cantik kalau malam')).not.toContain('lampu-jalan-mati');
    expect(boosts('bank sampah di RW kami')).not.toContain('sampah');
  });

  it('match whole words after normalization only', () => {
    expect(boosts('kebanjiran')).toContain('banjir-genangan');
    expect(boosts('oknum di terminal')).not.toContain('pungli-perilaku-aparatur');
    expect(boosts('kalkulasi')).toEqual([]);
  });

  it('cover every category of the directory but "lainnya"', () => {
    expect(CATEGORY_KEYWORDS.map((k) => k.category)).toHaveLength(19);
    expect(CATEGORY_KEYWORDS.map((k) => k.category)).not.toContain('lainnya');
  });
});

describe('complaint rules', () => {
  it('push thanks toward "not a complaint", but not sarcastic thanks or thanks with a problem', () => {
    expect(evaluateRules('Terima kasih DLH, sampahnya udah diangkut').signals).toContain('rule:thanks');
    expect(evaluateRules('mantap pemkot, jalan sekarang mulus').complaintShift).toBe(-DEFAULT_RULE_WEIGHTS.thanks);
    expect(
      evaluateRules('makasih pemkot, jalan depan rumah udah setahun bolong ga pernah ditambal').signals,
    ).not.toContain('rule:thanks');
    expect(evaluateRules('terima kasih DLH sudah membiarkan sampah menggunung').signals).not.toContain('rule:thanks');
  });

  it('push information questions away, but not a question that reports a problem', () => {
    expect(evaluateRules('min mau tanya syarat bikin akta kelahiran apa aja?').signals).toContain('rule:question');
    expect(evaluateRules('perlu izin ga kalau pasang spanduk?').signals).toContain('rule:question');
    expect(evaluateRules('kapan jalan di depan SD diperbaiki? udah sebulan berlubang').signals).not.toContain(
      'rule:question',
    );
    expect(evaluateRules('jadwal angkut sampah ga jelas, udah seminggu ga diangkut').signals).not.toContain(
      'rule:question',
    );
  });

  it('recognize promotions and spam, without calling a hacked city website spam', () => {
    expect(evaluateRules('Jual seragam sekolah harga grosir, DM aja').signals).toContain('rule:promotion');
    expect(evaluateRules('Servis AC panggilan, WA 0812-3456-7890').signals).toContain('rule:promotion');
    expect(evaluateRules('SLOT GACOR MAXWIN hari ini').signals).toContain('rule:spam');
    expect(evaluateRules('Selamat! Anda memenangkan undian, klik link ini').signals).toContain('rule:spam');
    expect(evaluateRules('Situs resmi kecamatan kena hack, isinya jadi iklan judi online').signals).not.toContain(
      'rule:spam',
    );
  });

  it('push report phrasing toward "complaint"', () => {
    const r = evaluateRules('Mohon ditindaklanjuti, saluran di RW 05 tersumbat');
    expect(r.signals).toContain('rule:report');
    expect(r.complaintShift).toBeGreaterThan(0);
  });

  it('override the model for posts without words', () => {
    for (const text of ['.', 'P', '🔥🔥🔥', 'ping', '@dsdabm.bdg']) {
      expect(evaluateRules(text).override, text).toBe('not-complaint');
    }
    expect(evaluateRules('pungli 🤬').override).toBeNull();
    expect(evaluateRules('got mampet').override).toBeNull();
  });
});

describe('rules inside the classifier', () => {
  const model = loadModel();
  const withRules = createClassifier(model);
  const modelOnly = createClassifier(model, { rules: false });

  it('can be switched off, and then report no rule signals', () => {
    const r = modelOnly.classify('BANJIR lagi di Pagarsih');
    expect(r.signals.filter((s) => s.startsWith('rule:') || s.startsWith('keyword:'))).toEqual([]);
  });

  it('turn a confident model around on an empty post', () => {
    expect(withRules.classify('.')).toMatchObject({ isComplaint: false, complaintConfidence: 1, kind: 'spam' });
  });

  it('raise the keyword category', () => {
    const text = 'air naik terus di depan rumah, tolong';
    const a = modelOnly.classify(`${text} banjir`);
    const b = withRules.classify(`${text} banjir`);
    const p = (r: typeof a) => r.candidates.find((c) => c.category === 'banjir-genangan')?.confidence ?? 0;
    expect(p(b)).toBeGreaterThan(p(a));
    expect(b.category).toBe('banjir-genangan');
  });
});
