import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset, loadSplit, NOT_COMPLAINT, splitDataset } from '../../src/triage/dataset.js';
import { trainingExamples } from '../../src/triage/classifier.js';
import { heldOutOnlyPhrases, phrasesOf } from '../../src/triage/leak.js';
import { QUESTION_WORD_LISTS, readQuestion } from '../../src/triage/question.js';

// Issue 16: "Hari ini macet ga ya di Pasteur? mau ke bandara" was handed over and became a public report.
describe('readQuestion: asking for information, not reporting', () => {
  it.each([
    'Hari ini macet ga ya di Pasteur? mau ke bandara',
    'Jalan Dago banjir gak sih sekarang? mau lewat',
    'Apakah jalan layang Pasupati macet sore ini?',
    'min, Jl. Braga ditutup ga ya malam minggu ini',
    'Mau tanya, kalau ada pohon tumbang di depan rumah lapornya ke mana?',
    'Kapan jadwal pengangkutan sampah di Kel. Sukaluyu?',
    'Puskesmas Garuda hari Sabtu buka jam berapa ya?',
    'Banjir di Gedebage udah surut belum ya? mau pulang',
  ])('a question: %s', (text) => {
    expect(readQuestion(text)).toEqual({ question: true, signals: ['question:asks'] });
  });

  it.each([
    ['kapan diperbaiki?? sudah 2 minggu', 'question:grievance:demands'],
    ['Lampu PJU di Gg. Saleh mati sebulan, kapan dibenerin min?', 'question:grievance:demands'],
    ['Kenapa sampah di TPS Ciroyom ga diangkut dari Senin?', 'question:grievance:blames'],
    ['Sampai kapan got di depan SDN Sukasari dibiarin mampet?', 'question:grievance:demands'],
    ['website pemkot down lagi ya?', 'question:grievance:duration'],
    ['Udah 3 hari air PDAM ga ngalir di Antapani, ada solusinya?', 'question:grievance:duration'],
    [
      'Pohon di Jl. Ir. H. Juanda miring hampir roboh. Apakah sudah ada yang lapor?',
      'question:grievance:states-problem',
    ],
    [
      'Status DTKS saya tidak layak padahal penghasilan di bawah UMR, bagaimana cara banding?',
      'question:grievance:blames',
    ],
  ])('a complaint asked as a question: %s', (text, signal) => {
    const r = readQuestion(text);
    expect(r.question).toBe(false);
    expect(r.signals).toContain(signal);
  });

  it('a post that asks nothing is no question', () => {
    expect(readQuestion('Got mampet di Jl. Merdeka, air meluap ke jalan')).toEqual({ question: false, signals: [] });
    // "di mana-mana" means everywhere, "siapa" without "?" asks nothing
    expect(readQuestion('sampah di pasar bertumpuk, lalat di mana-mana').question).toBe(false);
  });

  it('every post of data/questions.jsonl is read as labelled', () => {
    const lines = readFileSync(new URL('../../data/questions.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    for (const line of lines) {
      const p = JSON.parse(line) as { text: string; question: boolean };
      expect(readQuestion(p.text).question, p.text).toBe(p.question);
    }
  });

  // the training split only: the held-out split is for `npm run eval`
  it('on the training split: almost no complaint is a question, almost every request for information is', () => {
    const train = trainingExamples();
    const complaints = train.filter((e) => e.label !== NOT_COMPLAINT);
    const questions = train.filter((e) => e.kind === 'pertanyaan');
    const held = complaints.filter((e) => readQuestion(e.text).question);
    expect(held.length / complaints.length).toBeLessThanOrEqual(0.01);
    expect(questions.filter((e) => readQuestion(e.text).question).length / questions.length).toBeGreaterThanOrEqual(
      0.9,
    );
  });

  it('was not written from the held-out split: none of its phrases matches held-out posts only', () => {
    const split = splitDataset(loadDataset(), loadSplit());
    expect(QUESTION_WORD_LISTS.flatMap(phrasesOf).length).toBeGreaterThan(40);
    expect(heldOutOnlyPhrases(QUESTION_WORD_LISTS, split)).toEqual([]);
    // the check itself finds a phrase only a held-out post contains, and passes one training also has
    const trap = /(?:^| )(?:kesepian|jalan rusak)(?= |$)/u;
    const tiny = {
      train: [{ text: 'jalan rusak di Dago', label: 'jalan-rusak' }],
      test: [{ text: 'kesepian? jalan rusak lagi', label: NOT_COMPLAINT }],
    };
    expect(heldOutOnlyPhrases([trap], tiny)).toEqual([{ phrase: 'kesepian', train: 0, test: 1 }]);
  });
});
