'use strict';

/*
 * The parametric rule types and the attribute reading of bpmnlint-plugin-ppb, with the
 * rule config generated from rules/ (generated/offline-rules.json: `make plugin-test`
 * or `make plugin` writes it). The parity with the Python engine over all fixtures is
 * tests/plugin/test_offline_parity.py; these tests pin the reading rules one by one.
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');

const { createPlugin, findings } = require('..');
const { format, joinWords } = require('../lib/pesan');
const { isDate } = require('../types/tanggal');

const CONFIG_PATH = path.join(__dirname, '..', 'generated', 'offline-rules.json');
const DESCRIPTOR = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'validator', 'ppb.moddle.json'), 'utf8'));

function config() {
  assert.ok(fs.existsSync(CONFIG_PATH), 'generated/offline-rules.json is missing: run `make plugin-test`');
  return JSON.parse(fs.readFileSync(CONFIG_PATH, 'utf8'));
}

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0"';

async function lint(xml, { registered = true, extra = {} } = {}) {
  const moddle = new BpmnModdle(registered ? { ppb: DESCRIPTOR, ...extra } : extra);
  const { rootElement } = await moddle.fromXML(xml);
  const { config: cfg, resolver } = createPlugin(config());
  const reports = await new Linter({ config: cfg, resolver }).lint(rootElement);
  return Object.entries(reports).flatMap(([ rule, list ]) => list.map(r => ({ rule, ...r })));
}

test('messages are filled as Python str.format fills them', () => {
  assert.equal(format('Kode {kode} pada {nama}', { kode: '01', nama: 'X' }), 'Kode 01 pada X');
  assert.equal(format('{{a}} {b}', { b: 1 }), '{a} 1');
  assert.equal(format('tanpa {param}', {}), 'tanpa {param}');
});

test('dates are read as the Python rule reads them', () => {
  const months = config().vocab.bulan;
  for (const ok of [ '2025-03-12', '12-03-2025', '12/03/2025', '12.3.2025', '12 Maret 2025', '1 agt. 2025', '29 Februari 2024',
    '١٢ Maret ٢٠٢٥', '𝟏𝟐/𝟎𝟑/𝟐𝟎𝟐𝟓', '12 Maret 2025\u0085', '12\u0085Maret 2025' ]) {
    assert.equal(isDate(ok, months), true, ok);
  }
  for (const bad of [ '31/02/2025', '29 Februari 2025', '2025-13-01', 'besok', '12 Marett 2025', '00-01-2025',
    '\ufeff12 Maret 2025', '12\ufeffMaret 2025', '12 constructor 2025', '31 Februari ٢٠٢٥' ]) {
    assert.equal(isDate(bad, months), false, bad);
  }
});

test('the generated config has the offline rules with Indonesian messages and bpmnlint levels', () => {
  const cfg = config();
  assert.deepEqual(Object.keys(cfg.rules).sort(),
    [ 'PPB-KLP-007', 'PPB-KLP-010', 'PPB-NMK-001', 'PPB-NMK-003', 'PPB-SOP-010' ]);
  assert.equal(cfg.rules['PPB-KLP-007'].level, 'warn');
  // a warning since the reviewer's-trust corrections: no P19 text requires it
  assert.equal(cfg.rules['PPB-NMK-001'].level, 'warn');
  assert.equal(cfg.rules['PPB-NMK-003'].level, 'info');
  const plugin = createPlugin(cfg);
  assert.deepEqual(plugin.config.rules['ppb/PPB-KLP-007'], 'warn');
  assert.throws(() => createPlugin({}), /konfigurasi aturan luring/);
});

const META = `<bpmn:definitions ${NS} id="D" ppb:jenisPeta="sop" ppb:instansi="Dinas X" ppb:versi="1.0">
  <bpmn:process id="P" name="Proses"><bpmn:task id="T" name="Menerima berkas"/></bpmn:process>
</bpmn:definitions>`;

test('a missing map attribute is reported on definitions, in Indonesian', async () => {
  const reports = await lint(META);
  const klp = reports.filter(r => r.rule === 'ppb/PPB-KLP-007');
  assert.deepEqual(klp.map(r => [ r.id, r.message ]), [ [ 'D', 'Metadata peta ppb:tahun belum diisi.' ] ]);
  assert.equal(klp[0].messageEn, 'Map metadata ppb:tahun is not filled in.');
  assert.equal(klp[0].category, 'warn');
});

test('map attributes are read on the process when definitions lacks them (Camunda Modeler)', async () => {
  const xml = META.replace('<bpmn:process id="P" name="Proses">', '<bpmn:process id="P" name="Proses" ppb:tahun="2025">');
  assert.deepEqual((await lint(xml)).filter(r => r.rule === 'ppb/PPB-KLP-007'), []);
});

test('camunda:property and zeebe:property named ppb:* are read, known or not to moddle', async () => {
  for (const [ prefix, uri, props ] of [
    [ 'camunda', 'http://camunda.org/schema/1.0/bpmn', '<camunda:properties><camunda:property name="ppb:tahun" value="2025"/></camunda:properties>' ],
    [ 'zeebe', 'http://camunda.org/schema/zeebe/1.0', '<zeebe:properties><zeebe:property name="ppb:tahun" value="2025"/></zeebe:properties>' ]
  ]) {
    const xml = META.replace(`${NS}`, `${NS} xmlns:${prefix}="${uri}"`)
      .replace('<bpmn:process id="P" name="Proses">',
        `<bpmn:process id="P" name="Proses"><bpmn:extensionElements>${props}</bpmn:extensionElements>`);
    const known = prefix === 'camunda'
      ? { camunda: require('camunda-bpmn-moddle/resources/camunda.json') }
      : { zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') };
    assert.deepEqual((await lint(xml)).filter(r => r.rule === 'ppb/PPB-KLP-007'), [], `${prefix} unknown`);
    assert.deepEqual((await lint(xml, { extra: known })).filter(r => r.rule === 'ppb/PPB-KLP-007'), [], `${prefix} known`);
  }
});

test('without our descriptor (another prefix for the namespace) the attributes are still read', async () => {
  const xml = META.replace(/ ppb:(\w+)=/g, ' p:$1=').replace('xmlns:ppb=', 'xmlns:p=');
  assert.ok(!xml.includes(' ppb:') && xml.includes('xmlns:p="urn:ppb:'));
  const reports = await lint(xml, { registered: false });
  assert.deepEqual(reports.filter(r => r.rule === 'ppb/PPB-KLP-007').map(r => r.message),
    [ 'Metadata peta ppb:tahun belum diisi.' ]);
});

test('ppb:abaikan on the element, an ancestor or definitions suppresses a finding', async () => {
  const unnamed = `<bpmn:definitions ${NS} id="D" ppb:jenisPeta="sop" ppb:instansi="X" ppb:tahun="2025" ppb:versi="1">
    <bpmn:process id="P" name="Proses" SUPPRESS><bpmn:subProcess id="T"/></bpmn:process></bpmn:definitions>`;
  // PPB-NMK-001 names the unnamed sub-process (label-required already covers tasks)
  const on = async attr => (await lint(unnamed.replace('SUPPRESS', attr))).filter(r => r.rule === 'ppb/PPB-NMK-001');
  const found = (await on('')).map(r => [ r.id, r.message ]);
  assert.equal(found.length, 1);
  assert.equal(found[0][0], 'T');
  assert.match(found[0][1], /\(T\) belum diberi nama\.$/);
  assert.deepEqual(await on('ppb:abaikan="PPB-NMK-001"'), []);
  assert.deepEqual(await on('ppb:abaikan="*"'), []);
  assert.equal((await on('ppb:abaikan="PPB-NMK-002"')).length, 1);
});

test('a rule applies only to the map types it names, read with the vocabulary aliases', async () => {
  const xml = type => `<bpmn:definitions ${NS} id="D" ppb:jenisPeta="${type}" ppb:instansi="X" ppb:tahun="2025" ppb:versi="1">
    <bpmn:process id="P" name="Proses"><bpmn:subProcess id="T"/></bpmn:process></bpmn:definitions>`;
  const nmk = async type => (await lint(xml(type))).filter(r => r.rule === 'ppb/PPB-NMK-001').length;
  assert.equal(await nmk('SOP AP'), 1);
  assert.equal(await nmk('Peta Lintas Fungsi'), 1);
  assert.equal(await nmk('bukan jenis'), 0);
});

test('a rule that reports a lower severity keeps it only while configured at its default', () => {
  const { findings: run } = require('..');
  const rule = {
    severity: 'error', severityDefault: 'error', messages: { m: { id: 'x {nama}', en: 'x {nama}' } },
    berlaku: {}, periksa: [ { tipe: 'atribut-wajib', pada: [ 'Task' ], atribut: [ 'name' ], pesan: 'm' } ]
  };
  const vocab = config().vocab;
  const task = { $type: 'bpmn:Task', id: 'T', $instanceOf: t => [ 'bpmn:Task', 'bpmn:Activity', 'bpmn:BaseElement' ].includes(t) };
  const defs = { $type: 'bpmn:Definitions', id: 'D', $instanceOf: t => t === 'bpmn:Definitions', rootElements: [] };
  // a tiny hand-made model: definitions -> process -> task (moddle-like enough for the walk)
  const proc = { $type: 'bpmn:Process', id: 'P', $instanceOf: t => t === 'bpmn:Process', flowElements: [ task ] };
  proc.$descriptor = { properties: [ { name: 'flowElements' } ] };
  defs.$descriptor = { properties: [ { name: 'rootElements' } ] };
  task.$descriptor = { properties: [] };
  defs.rootElements.push(proc);
  task.$parent = proc;
  proc.$parent = defs;
  const got = run('X', rule, defs, vocab);
  assert.deepEqual(got.map(f => [ f.id, f.message, f.severity ]), [ [ 'T', 'x T', 'error' ] ]);
});

test('a deciding gateway is named as a question: ending, outgoing flows and suggestion', async () => {
  const xml = (name, flows) => `<bpmn:definitions ${NS} id="D" ppb:jenisPeta="sop" ppb:instansi="X" ppb:tahun="2025" ppb:versi="1">
    <bpmn:process id="P" name="Proses">
      <bpmn:exclusiveGateway id="G" name="${name}"/>
      <bpmn:task id="A" name="Menerima"/><bpmn:task id="B" name="Menolak"/>
      ${flows >= 1 ? '<bpmn:sequenceFlow id="F1" sourceRef="G" targetRef="A"/>' : ''}
      ${flows >= 2 ? '<bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="B"/>' : ''}
    </bpmn:process></bpmn:definitions>`;
  const nmk = async (name, flows = 2) => (await lint(xml(name, flows)))
    .filter(r => r.rule === 'ppb/PPB-NMK-003').map(r => [ r.id, r.message, r.messageEn, r.category ]);
  assert.deepEqual(await nmk('Berkas lengkap.  '), [ [ 'G',
    "Gateway 'Berkas lengkap.' sebaiknya berbentuk pertanyaan: 'Berkas lengkap?'.",
    "Gateway 'Berkas lengkap.' should be phrased as a question: 'Berkas lengkap?'.", 'info' ] ]);
  assert.equal((await nmk('Disetujui; !'))[0][1], "Gateway 'Disetujui; !' sebaiknya berbentuk pertanyaan: 'Disetujui?'.");
  assert.deepEqual(await nmk('Berkas lengkap?'), []);
  assert.deepEqual(await nmk('Berkas lengkap？'), []);
  assert.deepEqual(await nmk('Berkas lengkap', 1), [], 'a gateway that does not split asks nothing');
  assert.deepEqual(await nmk(''), [], 'an unnamed gateway is PPB-NMK-001\'s finding');
});

test('text is stripped as Python strips it, digits of any script read as Python reads them', () => {
  const { strip, pyInt } = require('../lib/model');
  assert.equal(strip(' a b\u0085\u001c'), 'a b');
  assert.equal(strip('\ufeffx'), '\ufeffx');
  assert.equal(strip('\u3000x\u00a0'), 'x');
  assert.equal(strip(undefined), '');
  assert.equal(pyInt('٢٠٢٥'), 2025);
  assert.equal(pyInt('𝟐𝟎𝟐𝟓'), 2025);
  assert.equal(pyInt('০৯'), 9);
});

test('items of one finding are joined as the Python rules join them', () => {
  assert.equal(joinWords([ 'a' ], 'id'), 'a');
  assert.equal(joinWords([ 'a', 'b' ], 'id'), 'a dan b');
  assert.equal(joinWords([ 'a', 'b', 'c' ], 'id'), 'a, b, dan c');
  assert.equal(joinWords([ 'a', 'b', 'c' ], 'en'), 'a, b and c');
  assert.equal(joinWords([], 'en'), '');
});

const ADOPTED = attrs => `<bpmn:definitions ${NS} id="D" ppb:jenisPeta="level1" ${attrs}>
  <bpmn:collaboration id="C"><bpmn:participant id="Pool" name="Dinas" processRef="P" POOL/></bpmn:collaboration>
  <bpmn:process id="P" name="Proses"><bpmn:task id="T" name="Menerima berkas"/></bpmn:process>
</bpmn:definitions>`;

test('number and date of adoption: both or neither, one finding where the given one is written', async () => {
  const klp = async (defs, pool = '') => (await lint(ADOPTED(defs).replace('POOL', pool)))
    .filter(r => r.rule === 'ppb/PPB-KLP-010').map(r => [ r.id, r.message, r.messageEn, r.category ]);
  assert.deepEqual(await klp('ppb:tanggalPenetapan="12 Maret 2025"'), [ [ 'D',
    "Peta ini sudah ditetapkan pada tanggal '12 Maret 2025' tetapi nomor keputusan penetapannya belum diisi (ppb:nomorPenetapan).",
    "This map was adopted on '12 Maret 2025' but the number of the adopting decree is not filled in (ppb:nomorPenetapan).",
    'warn' ] ]);
  const noDate = await klp('ppb:tanggalPenetapan="-"', 'ppb:nomorPenetapan=" 100/12/2025 "');
  assert.deepEqual(noDate.map(f => f.slice(0, 2)), [ [ 'Pool',
    "Nomor keputusan penetapan '100/12/2025' sudah diisi tetapi tanggal penetapannya belum (ppb:tanggalPenetapan)." ] ]);
  assert.deepEqual(await klp('ppb:tanggalPenetapan="12 Maret 2025" ppb:nomorPenetapan="100/12/2025"'), []);
  assert.deepEqual(await klp(''), [], 'a map not adopted yet is not checked');
  assert.deepEqual(await klp('ppb:tanggalPenetapan="—" ppb:nomorPenetapan="-"'), [], 'dashes are no values');
  const undeclared = (await lint(ADOPTED('ppb:tanggalPenetapan="12 Maret 2025"').replace(' ppb:jenisPeta="level1"', '').replace('POOL', '')))
    .filter(r => r.rule === 'ppb/PPB-KLP-010');
  assert.deepEqual(undeclared, [], 'a map without ppb:jenisPeta is not a ppb map');
});

const SOP = (defs, proc = '', pool = '') => `<bpmn:definitions ${NS} id="D" ppb:jenisPeta="sop" ${defs}>
  <bpmn:collaboration id="C" COLLAB><bpmn:participant id="Pool" name="Dinas" processRef="P" ${pool}/></bpmn:collaboration>
  <bpmn:process id="P" name="Proses" ${proc}><bpmn:task id="T" name="Menerima berkas"/></bpmn:process>
</bpmn:definitions>`;

async function sop(xml) {
  return (await lint(xml)).filter(r => r.rule === 'ppb/PPB-SOP-010').map(r => [ r.id, r.message, r.messageEn ]);
}

test('SOP approval: one finding listing the missing name and NIP, where the position is written', async () => {
  const missing = await sop(SOP('', '', 'ppb:disahkanOleh="Kepala Dinas"').replace('COLLAB', ''));
  assert.deepEqual(missing, [ [ 'Pool',
    'Pengesahan SOP belum lengkap: nama pejabat pengesah dan NIP pejabat pengesah belum diisi.',
    'The SOP approval is incomplete: name of the approving official and NIP of the approving official not filled in.' ] ]);
  const dash = await sop(SOP('ppb:disahkanNama="-" ppb:disahkanNip="19700101 200003 1 001"').replace('COLLAB', ''));
  assert.deepEqual(dash.map(f => f.slice(0, 2)), [ [ 'D', 'Pengesahan SOP belum lengkap: nama pejabat pengesah belum diisi.' ] ]);
  // the SOP rules read the approval on definitions, a process or a pool, the keys in any
  // case, but not on the collaboration
  const anyCase = SOP('', 'ppb:DisahkanNama="Nama, S.H."', 'ppb:disahkannip="NIP: 197001012000031001"');
  assert.deepEqual(await sop(anyCase.replace('COLLAB', '')), []);
  const onCollab = await sop(SOP('', '', '').replace('COLLAB', 'ppb:disahkanNama="Nama" ppb:disahkanNip="197001012000031001"'));
  assert.equal(onCollab.length, 1);
  assert.match(onCollab[0][1], /nama pejabat pengesah dan NIP pejabat pengesah belum diisi\.$/);
  const notSop = (await lint(SOP('').replace('ppb:jenisPeta="sop"', 'ppb:jenisPeta="level1"').replace('COLLAB', '')))
    .filter(r => r.rule === 'ppb/PPB-SOP-010');
  assert.deepEqual(notSop, []);
});

test('SOP approval: a NIP of other than 18 digits is reported with its value, where it is written', async () => {
  const nip = async value => sop(SOP('ppb:disahkanNama="Nama"', `ppb:disahkanNip="${value}"`).replace('COLLAB', ''));
  for (const ok of [ '197001012000031001', '19700101 200003 1 001', 'NIP. 19700101 200003 1 001', 'nip:197001012000031001',
    'NİP 197001012000031001', '١٩٧٠٠١٠١٢٠٠٠٠٣١٠٠١' ]) {
    assert.deepEqual(await nip(ok), [], ok);
  }
  assert.deepEqual(await nip('19700101 200003 1'), [ [ 'P',
    "NIP pejabat pengesah '19700101 200003 1' tidak terdiri atas 18 angka; periksa kembali NIP-nya.",
    "The approving official's NIP '19700101 200003 1' does not have 18 digits; check the NIP again." ] ]);
  for (const bad of [ '1970010120000310011', 'NIP 19700101-200003-1-001', 'NIPP 197001012000031001', 'x197001012000031001' ]) {
    assert.equal((await nip(bad)).length, 1, bad);
  }
  // a dash is a missing NIP, not a wrong one
  assert.deepEqual((await nip('-')).map(f => f[1]), [ 'Pengesahan SOP belum lengkap: NIP pejabat pengesah belum diisi.' ]);
});
