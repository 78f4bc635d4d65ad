import { describe, expect, it } from 'vitest';
import { districtsOf } from '@sinergi/contracts';
import type { Gazetteer } from '../../src/triage/location.js';
import { extractLocation, gazetteerForRegion } from '../../src/triage/location.js';

const bandung = gazetteerForRegion('32.73');
const at = (text: string) => extractLocation(text, bandung);

describe('the Bandung gazetteer', () => {
  it('has the 30 kecamatan of the demo directory and their kelurahan', () => {
    expect(bandung.districts).toHaveLength(30);
    expect(bandung.districts).toEqual(districtsOf('32.73'));
    expect(bandung.villages.length).toBeGreaterThan(140);
    expect(bandung.villages.find((v) => v.name === 'Sekeloa')?.code).toBe('32.73.02.1005');
  });
});

describe('address patterns', () => {
  it('reads street, house number, RT/RW, kelurahan and kecamatan', () => {
    const hint = at('Jl. Dago No. 12 RT 03/RW 05 Kel. Lebak Gede Kec. Coblong jalannya bolong');
    expect(hint).toMatchObject({
      address: 'Jl. Dago No. 12, RT 03/RW 05, Kel. Lebak Gede, Kec. Coblong',
      street: 'Jl. Dago',
      number: '12',
      rt: '03',
      rw: '05',
      districtCode: '32.73.02',
      villageCode: '32.73.02.1002',
      districtName: 'Coblong',
      villageName: 'Lebak Gede',
    });
    expect(hint.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['tlg min jln cihampelas no 12 udh 2 minggu gelap', 'Jl. Cihampelas', '12'],
    ['Jalan Ir. H. Juanda macet total dari pagi', 'Jl. Ir. H. Juanda', null],
    ['di Jl. Soekarno-Hatta dekat Gedebage, rusak', 'Jl. Soekarno-Hatta', null],
    ['JL. PASTEUR NO 5 GELAP', 'Jl. Pasteur', '5'],
    ['Lubang di Jl. Raya Cibiru depan pasar', 'Jl. Raya Cibiru', null],
    ['depan rumah di jalan sukajadi banjir', 'Jl. Sukajadi', null],
    ['Jl. Moh. Toha, dekat pabrik', 'Jl. Moh. Toha', null],
  ])('street in %j', (text, street, number) => {
    const hint = at(text);
    expect(hint.street).toBe(street);
    expect(hint.number).toBe(number);
  });

  it.each([
    'jalan rusak parah di depan pasar',
    'Jalan berlubang dan licin, tolong',
    'jalan kaki di trotoar susah',
    'jalan raya macet total',
  ])('does not take the word "jalan" for a street: %j', (text) => {
    expect(at(text).street).toBeNull();
  });

  it.each([
    ['RT 03/RW 05', '03', '05'],
    ['rt3 rw5', '03', '05'],
    ['RT.003/RW.005', '03', '05'],
    ['RT 02 RW 11', '02', '11'],
    ['RT/RW 002/007', '02', '07'],
    ['RT 03/05', '03', '05'],
    ['di RW 09 saja', null, '09'],
    ['RT 02 sudah 3 hari', '02', null],
  ])('RT/RW in %j', (text, rt, rw) => {
    const hint = at(text);
    expect(hint.rt).toBe(rt);
    expect(hint.rw).toBe(rw);
  });

  it('reads a gang with its number', () => {
    expect(at('Gg. Bapa Eni No. 7 RT.003/RW.005 kelurahan sekeloa')).toMatchObject({
      gang: 'Gg. Bapa Eni',
      number: '7',
      address: 'Gg. Bapa Eni No. 7, RT 03/RW 05, Kel. Sekeloa',
      villageCode: '32.73.02.1005',
      districtCode: '32.73.02',
    });
  });

  it('keeps a written kelurahan that the gazetteer does not know in the address, without a code', () => {
    const hint = at('kel. Cikapundungan rt 2');
    expect(hint.address).toBe('RT 02, Kel. Cikapundungan');
    expect(hint.villageCode).toBeNull();
    expect(hint.confidence).toBe(0.2);
  });
});

describe('kecamatan and kelurahan names', () => {
  it('matches names with spaces, in any case, and spelled without the space', () => {
    expect(at('lampu mati di daerah babakan ciparay sejak kemarin').districtCode).toBe('32.73.03');
    expect(at('BANDUNG KIDUL banjir lagi').districtCode).toBe('32.73.21');
    expect(at('trotoar di Buah Batu rusak').districtCode).toBe('32.73.22');
    expect(at('macet di ujung berung').districtCode).toBe('32.73.26');
    expect(at('warga Kiara Condong mengeluh').districtCode).toBe('32.73.16');
  });

  it('prefers the longest match', () => {
    expect(at('jalan di Antapani Kulon berlubang')).toMatchObject({
      villageCode: '32.73.20.1001',
      districtCode: '32.73.20',
    });
    expect(at('Cipadung Wetan gelap')).toMatchObject({ villageCode: '32.73.28.1003', districtCode: '32.73.28' });
    expect(at('Cibaduyut Kidul banjir').villageCode).toBe('32.73.17.1005');
  });

  it('matches whole words only: "Andir" is not found in "mandiri", nor "Regol" in "keregolan"', () => {
    expect(at('warga mandiri menambal jalan sendiri').districtCode).toBeNull();
    expect(at('ada keregolan di sini').districtCode).toBeNull();
    expect(at('Pasar Andir becek').districtCode).toBe('32.73.05');
  });

  it('reads a name that is a kecamatan and a kelurahan as the kecamatan, unless the other kecamatan is named', () => {
    expect(at('sampah numpuk di Batununggal')).toMatchObject({ districtCode: '32.73.12', villageCode: null });
    expect(at('banjir lagi di Batununggal, Bandung Kidul 😭')).toMatchObject({
      districtCode: '32.73.21',
      villageCode: '32.73.21.1001',
    });
    expect(at('Kel. Batununggal tergenang')).toMatchObject({ districtCode: '32.73.21', villageCode: '32.73.21.1001' });
    expect(at('Kec. Batununggal sampah numpuk')).toMatchObject({ districtCode: '32.73.12', villageCode: null });
  });

  it('counts names that are ordinary words only after a marker', () => {
    expect(at('air ledeng mati tiga hari').villageCode).toBeNull();
    expect(at('Hari merdeka kemarin ramai').villageCode).toBeNull();
    expect(at('di Kel. Ledeng air mati').villageCode).toBe('32.73.08.1003');
    expect(at('kelurahan Taman Sari banjir')).toMatchObject({ villageCode: '32.73.09.1002', districtCode: '32.73.09' });
  });

  it('trusts a name inside a street name only a little', () => {
    const hint = at('JL. PASTEUR NO 5 GELAP');
    expect(hint.villageCode).toBe('32.73.07.1001');
    expect(hint.confidence).toBeLessThan(0.5);
    // an explicit kelurahan elsewhere in the text wins over the street's name
    expect(at('Jl. Dago dekat Kel. Sekeloa gelap').villageCode).toBe('32.73.02.1005');
  });

  it('lets an explicit kecamatan win over a contradicting bare kelurahan, and lowers the confidence', () => {
    const hint = at('di Sekeloa, Kec. Sukajadi');
    expect(hint.districtCode).toBe('32.73.07');
    expect(hint.villageCode).toBeNull();
    expect(hint.confidence).toBeLessThan(0.9);
  });

  it('finds nothing in a text without a place', () => {
    expect(at('terima kasih pemkot, mantap')).toMatchObject({
      address: null,
      districtCode: null,
      villageCode: null,
      confidence: 0,
      evidence: [],
    });
  });

  it('takes any region as plain lists of {code, name}', () => {
    const tiny: Gazetteer = {
      districts: [{ code: '99.01.01', name: 'Kota Lama' }],
      villages: [
        { code: '99.01.01.2001', name: 'Pasar Baru' },
        { code: '99.01.01.2002', name: 'Sungai Sari' },
      ],
    };
    expect(extractLocation('banjir di sungai sari, kota lama', tiny)).toMatchObject({
      districtCode: '99.01.01',
      villageCode: '99.01.01.2002',
    });
    expect(extractLocation('pasar baru ramai', tiny).villageCode).toBe('99.01.01.2001');
  });
});
