"""Findings of the simulation: a map that cannot be simulated, or a parameter that
was guessed. Each has a stable code, an Indonesian message and an English one."""
from __future__ import annotations

# code -> (Indonesian, English); {placeholders} are filled from params
MESSAGES: dict[str, tuple[str, str]] = {
    # errors: the map cannot be simulated
    "SIM-READ": ("Berkas tidak dapat dibaca: {detail}",
                 "The file cannot be read: {detail}"),
    "SIM-NO-PROCESS": ("Peta tidak memuat proses (bpmn:process) dengan peristiwa awal yang dapat "
                       "disimulasikan.",
                       "The map holds no process (bpmn:process) with a start event that can be "
                       "simulated."),
    "SIM-NO-START": ("Proses '{process}' tidak memiliki peristiwa awal (startEvent); kasus tidak "
                     "dapat dimulai.",
                     "Process '{process}' has no start event; no case can start."),
    "SIM-PROSES-KOSONG": ("Proses '{process}' tidak berisi aktivitas, peristiwa, maupun gateway; "
                          "tidak ada alur yang dapat disimulasikan.",
                          "Process '{process}' holds no activity, event or gateway; there is no "
                          "flow to simulate."),
    "SIM-SPIFF": ("Peta tidak dapat disimulasikan: mesin BPMN (SpiffWorkflow) menolak peta ini "
                  "({detail}). Periksa peta dengan 'ppb validate'.",
                  "The map cannot be simulated: the BPMN engine (SpiffWorkflow) refuses it "
                  "({detail}). Check the map with 'ppb validate'."),
    "SIM-RUNTIME": ("Simulasi terhenti pada kasus {case}: {detail}.",
                    "The simulation stopped at case {case}: {detail}."),
    "SIM-PARAM": ("Parameter simulasi tidak valid pada {where}: {detail}",
                  "Invalid simulation parameter on {where}: {detail}"),
    "SIM-SCENARIO": ("Skenario tidak valid: {detail}", "Invalid scenario: {detail}"),
    "SIM-CALENDAR": ("Kalender kerja tidak valid: {detail}", "Invalid working calendar: {detail}"),
    "SIM-MI-JUMLAH": ("Aktivitas berulang (multi-instance) '{element}': jumlah instans {detail}.",
                      "Multi-instance activity '{element}': the number of instances {detail_en}."),
    "SIM-PESAN-AWAL": ("Tidak ada pool yang dapat memulai kasus: setiap peristiwa awal menunggu "
                       "pesan dari pool lain ({value}).",
                       "No pool can start a case: every start event waits for a message from "
                       "another pool ({value})."),
    "SIM-CALL-SIKLUS": ("Call activity membentuk siklus ({value}); proses yang memanggil dirinya "
                        "sendiri tidak dapat disimulasikan.",
                        "Call activities form a cycle ({value}); a process that calls itself "
                        "cannot be simulated."),
    "SIM-ID-GANDA": ("Id '{value}' dipakai di lebih dari satu berkas set ({detail}); parameter "
                     "simulasinya tidak dapat dibedakan. Ubah salah satu id.",
                     "Id '{value}' is used in more than one file of the set ({detail}); its "
                     "simulation parameters cannot be told apart. Rename one of them."),
    "SIM-ADHOC": ("Sub-proses ad hoc '{element}' belum dapat disimulasikan (mesin BPMN mengakhirinya "
                  "dengan menjalankan ekspresi kondisi selesai). Gambarkan urutannya dengan alur biasa.",
                  "Ad-hoc sub-process '{element}' cannot be simulated yet (the BPMN engine ends it by "
                  "running its completion expression). Draw its order with ordinary flows."),
    "SIM-BEBAN": ("Simulasi dihentikan setelah {spent} langkah (setara mesin terkompilasi), melampaui "
                  "batas {limit} langkah untuk permintaan ini; perkiraan awalnya {estimate} langkah. "
                  "Peta ini lebih berat daripada perkiraan (mis. peristiwa batas atau gerbang berbasis "
                  "peristiwa pada putaran). Kurangi jumlah kasus atau replikasi, atau periksa putaran "
                  "pada peta.",
                  "The simulation was stopped after {spent} steps (in compiled-engine steps), over the "
                  "limit of {limit} steps for this request; it had been estimated at {estimate} "
                  "steps. The map is heavier than estimated (e.g. boundary events or event-based "
                  "gateways on a loop). Use fewer cases or replications, or check the map's loops."),
    "SIM-EKSPRESI": ("Peta meminta mesin simulasi menjalankan {what}{where}; simulasi tidak "
                     "pernah menjalankan ekspresi, skrip, atau kode dari peta. Gunakan atribut ppb "
                     "(mis. ppb:peluang untuk percabangan).",
                     "The map asks the simulation engine to run {what_en}{where_en}; the simulation "
                     "never runs expressions, scripts or code from a map. Use the ppb attributes "
                     "(e.g. ppb:peluang for branches)."),
    # warnings: a value was assumed
    "SIM-PELUANG-RATA": ("Gerbang '{element}': ppb:peluang tidak diisi pada {count} alur keluar; "
                         "dianggap dibagi rata ({value}).",
                         "Gateway '{element}': ppb:peluang missing on {count} outgoing flows; "
                         "assumed an equal split ({value})."),
    "SIM-PELUANG-JUMLAH": ("Gerbang '{element}': jumlah ppb:peluang alur keluar {value}, bukan 1; "
                           "peluang dinormalkan.",
                           "Gateway '{element}': the ppb:peluang of the outgoing flows add up to "
                           "{value}, not 1; normalised."),
    "SIM-PELUANG-INKLUSIF": ("Gerbang inklusif '{element}': ppb:peluang tidak diisi pada {count} "
                             "alur keluar; tiap alur dianggap diambil dengan peluang {value}.",
                             "Inclusive gateway '{element}': ppb:peluang missing on {count} "
                             "outgoing flows; each is assumed taken with probability {value}."),
    "SIM-DURASI-KOSONG": ("Aktivitas '{element}' tidak memiliki ppb:durasi maupun ppb:mutuWaktu; "
                          "durasinya dianggap 0.",
                          "Activity '{element}' has neither ppb:durasi nor ppb:mutuWaktu; its "
                          "duration is taken as 0."),
    "SIM-DURASI-MUTU": ("Aktivitas '{element}': durasi diambil dari ppb:mutuWaktu '{value}' "
                        "sebagai {kind}.",
                        "Activity '{element}': duration taken from ppb:mutuWaktu '{value}' as "
                        "{kind}."),
    "SIM-TIDAK-STABIL": ("Beban lane '{element}' mencapai kapasitasnya (rho = {value}; stabil hanya "
                         "bila rho < 1): antrean tidak pernah surut, sehingga waktu siklus, waktu "
                         "tunggu dan panjang antrean terus bertambah seiring jumlah kasus yang "
                         "disimulasikan. Angka di bawah ini tidak menggambarkan proses; tambah "
                         "ppb:kapasitas, percepat aktivitasnya, atau periksa ppb:kedatangan.",
                         "The load of lane '{element}' reaches its capacity (rho = {value}; stable "
                         "only when rho < 1): its queue never clears, so the cycle time, waits and "
                         "queue lengths keep growing with the number of cases simulated. The "
                         "figures below do not describe the process; add ppb:kapasitas, speed up "
                         "its activities, or check ppb:kedatangan."),
    "SIM-TANPA-DURASI": ("Tidak ada aktivitas maupun peristiwa tunggu yang memiliki durasi "
                         "({count} aktivitas tanpa ppb:durasi/ppb:mutuWaktu): semua waktu bernilai 0 "
                         "karena asumsi, bukan hasil pengukuran.",
                         "No activity and no wait has a duration ({count} activities without "
                         "ppb:durasi/ppb:mutuWaktu): every time is 0 by assumption, not measured."),
    "SIM-PARAM-DIABAIKAN": ("Peta memuat {count} parameter simulasi dari kosakata lain yang tidak "
                            "dibaca dan diabaikan: {value}. Tuliskan nilainya sebagai ppb:durasi, "
                            "ppb:kedatangan, ppb:peluang atau ppb:kapasitas (atau BPSim 2.0).",
                            "The map holds {count} simulation parameters in another vocabulary, "
                            "not read and ignored: {value}. Write them as ppb:durasi, "
                            "ppb:kedatangan, ppb:peluang or ppb:kapasitas (or BPSim 2.0)."),
    "SIM-KEDATANGAN": ("ppb:kedatangan tidak diisi; dianggap {value}.",
                       "ppb:kedatangan missing; assumed {value}."),
    "SIM-TUNGGU": ("Peristiwa '{element}' menunggu pihak lain (pesan/sinyal/kondisi); waktu "
                   "tunggunya diambil dari {value}.",
                   "Event '{element}' waits for another party (message/signal/condition); its "
                   "waiting time is taken from {value}."),
    "SIM-MULTI-INSTANCE": ("Aktivitas '{element}' berulang (multi-instance/loop); disimulasikan "
                           "sebagai satu kali pelaksanaan.",
                           "Activity '{element}' is a multi-instance/loop activity; simulated as "
                           "one execution."),
    "SIM-CALL": ("Call activity '{element}' memanggil proses '{value}' yang tidak ada di berkas "
                 "ini; disimulasikan sebagai satu aktivitas.",
                 "Call activity '{element}' calls process '{value}', which is not in this file; "
                 "simulated as one activity."),
    "SIM-POOL-LAIN": ("Peta memuat {count} pool berproses; yang disimulasikan: '{value}'. Alur "
                      "pesan antar-pool dibaca sebagai waktu tunggu pada peristiwa penerima.",
                      "The map holds {count} pools with processes; simulated: '{value}'. Message "
                      "flows between pools are read as waiting time at the receiving event."),
    "SIM-MI-BAWAAN": ("Aktivitas berulang (multi-instance) '{element}': jumlah instans tidak "
                      "diketahui ({value}); dianggap 1. Isi loopCardinality dengan angka atau "
                      "ppb:jumlahInstans.",
                      "Multi-instance activity '{element}': the number of instances is unknown "
                      "({value}); 1 assumed. Give loopCardinality a number or set "
                      "ppb:jumlahInstans."),
    "SIM-MI": ("Aktivitas berulang '{element}' disimulasikan {value} kali ({kind}).",
               "Multi-instance activity '{element}' is simulated {value} times ({kind_en})."),
    "SIM-POOL": ("Peta memuat {count} pool berproses; semuanya disimulasikan bersama alur pesannya. "
                 "Pool utama (waktu siklus diukur sampai prosesnya selesai): '{value}'.",
                 "The map holds {count} pools with processes; all are simulated with their "
                 "message flows. Main pool (cycle time runs until its process ends): '{value}'."),
    "SIM-PESAN-ABAIKAN": ("Alur pesan '{element}' tidak disimulasikan: {value}.",
                          "Message flow '{element}' is not simulated: {value_en}."),
    "SIM-POOL-TIDAK-SELESAI": ("Pada replikasi {value}, {count} kasus meninggalkan pool lain "
                               "yang masih menunggu pesan setelah pool utama selesai.",
                               "In replication {value}, {count} cases left another pool still "
                               "waiting for a message after the main pool had finished."),
    "SIM-CALL-SET": ("Call activity '{element}' memanggil proses '{value}' dari berkas '{detail}'.",
                     "Call activity '{element}' calls process '{value}' from file '{detail}'."),
    "SIM-EVENT-SUBPROSES": ("Subproses peristiwa '{element}' tidak disimulasikan.",
                            "Event sub-process '{element}' is not simulated."),
    "SIM-KONDISI": ("Kondisi pada alur '{element}' yang keluar dari aktivitas diabaikan; alur "
                    "selalu diambil.",
                    "The condition on flow '{element}' leaving an activity is ignored; the flow "
                    "is always taken."),
    "SIM-START-GANDA": ("Proses memiliki beberapa peristiwa awal; kasus dimulai dari '{value}', "
                        "peristiwa awal '{element}' tidak disimulasikan.",
                        "The process has several start events; cases start at '{value}', start "
                        "event '{element}' is not simulated."),
    "SIM-LANE-GANDA": ("Nama lane '{value}' dipakai lebih dari sekali; tiap lane tetap menjadi "
                       "kelompok petugas tersendiri.",
                       "Lane name '{value}' is used more than once; each lane stays its own pool "
                       "of staff."),
    "SIM-KAPASITAS": ("Lane '{element}' tidak memiliki ppb:kapasitas; dianggap 1 petugas.",
                      "Lane '{element}' has no ppb:kapasitas; 1 staff member assumed."),
    "SIM-MESIN-REFERENSI": ("Simulasi memakai mesin referensi (SpiffWorkflow, lebih lambat): {detail}.",
                            "The simulation uses the reference engine (SpiffWorkflow, slower): "
                            "{detail}."),
    "SIM-LANGKAH-MAKS": ("{count} kasus dihentikan karena melampaui batas {value} langkah per kasus "
                         "({detail}). Angka hasil hanya memuat kasus yang selesai, sehingga TIDAK "
                         "lengkap dan tidak dapat dipercaya: waktu siklus sebenarnya lebih panjang. "
                         "Periksa putaran (loop) dan ppb:peluang pada peta, atau naikkan batasnya "
                         "(ppb simulate --maks-langkah).",
                         "{count} cases were stopped at the limit of {value} steps per case "
                         "({detail_en}). The results count only the cases that finished, so they are "
                         "NOT complete and cannot be trusted: the real cycle time is longer. Check the "
                         "map's loops and their ppb:peluang, or raise the limit "
                         "(ppb simulate --maks-langkah)."),
    # assumptions on maps drawn with BPMN shortcuts (issue 15, Must 1; see .normalize)
    "SIM-ASUMSI-PERCABANGAN": ("{kind} '{element}' memiliki {count} alur keluar tanpa gateway; "
                               "sesuai semantik BPMN, tiap kasus melewati semua alur itu "
                               "sekaligus (percabangan paralel).",
                               "{kind_en} '{element}' has {count} outgoing flows without a "
                               "gateway; as BPMN defines it, each case takes all of them at once "
                               "(a parallel split)."),
    "SIM-ASUMSI-GABUNG": ("{kind} '{element}' menerima {count} alur masuk tanpa gateway; sesuai "
                          "semantik BPMN, tiap token yang tiba menjalankannya sekali lagi tanpa "
                          "menunggu alur lain (penggabungan tanpa sinkronisasi).",
                          "{kind_en} '{element}' has {count} incoming flows without a gateway; "
                          "as BPMN defines it, each token that arrives runs it once more without "
                          "waiting for the others (an uncontrolled merge)."),
    "SIM-ASUMSI-TANPA-AWAL": ("{kind} '{element}' tidak memiliki start event; sesuai semantik "
                              "BPMN, setiap kasus memulai semua elemen tanpa alur masuk "
                              "sekaligus: {value}.",
                              "{kind_en} '{element}' has no start event; as BPMN defines it, each "
                              "case starts every element without an incoming flow at once: "
                              "{value}."),
    "SIM-ASUMSI-SUBPROSES-KOSONG": ("Subproses '{element}' (atau proses yang dipanggilnya) "
                                    "tidak berisi elemen alur; disimulasikan sebagai satu "
                                    "aktivitas.",
                                    "Sub-process '{element}' (or the process it calls) holds no "
                                    "flow element; simulated as one activity."),
    "SIM-ALUR-PUTUS": ("Alur '{element}' menunjuk elemen '{value}' yang tidak ada di peta; alur "
                       "ini diabaikan dalam simulasi.",
                       "Flow '{element}' points at element '{value}', which is not in the map; "
                       "the flow is ignored by the simulation."),
    "SIM-ASUMSI-TIMER": ("Timer '{element}': {detail}; waktu tunggunya dianggap {value}. Isi "
                         "ppb:durasi untuk nilai yang sebenarnya.",
                         "Timer '{element}': {detail_en}; its wait is taken as {value_en}. Set "
                         "ppb:durasi for the real value."),
    "SIM-DATA-DIABAIKAN": ("Peta memuat {count} objek/penyimpanan data; data tidak mengubah alur "
                           "kasus dan diabaikan dalam simulasi.",
                           "The map holds {count} data objects/stores; data does not change the "
                           "way cases flow and is ignored by the simulation."),
    "SIM-PERISTIWA-DILEWATI": ("Peristiwa batas '{element}' ({value}) tidak dapat ditangkap mesin "
                               "simulasi; dianggap tidak pernah terjadi, sehingga alur keluarnya "
                               "tidak disimulasikan.",
                               "Boundary event '{element}' ({value}) cannot be caught by the "
                               "simulation engine; it is taken as never happening, so its "
                               "outgoing flow is not simulated."),
    "SIM-TIDAK-SELESAI": ("{count} kasus tidak selesai (buntu/deadlock) pada replikasi {value}.",
                          "{count} cases did not finish (deadlock) in replication {value}."),
    "SIM-TAK-TERJANGKAU": ("{count} elemen tidak pernah dicapai dalam simulasi: {value}.",
                           "{count} elements were never reached in the simulation: {value}."),
}


class Finding:
    """One message about a simulation: ``level`` is "error", "warning" or "info"."""

    __slots__ = ("code", "level", "element_id", "params")

    def __init__(self, code: str, level: str = "warning", element_id: str | None = None,
                 **params: object) -> None:
        self.code = code
        self.level = level
        self.element_id = element_id
        self.params = params

    def message(self, lang: str = "id") -> str:
        template = MESSAGES[self.code][0 if lang == "id" else 1]
        try:
            return template.format(**self.params)
        except (KeyError, IndexError):  # pragma: no cover - a missing parameter is our bug
            return template

    def as_dict(self, lang: str = "id") -> dict:
        out = {"code": self.code, "level": self.level, "message": self.message(lang)}
        if self.element_id:
            out["elementId"] = self.element_id
        return out

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Finding {self.code} {self.params}>"


class SimulationError(Exception):
    """A map or scenario that cannot be simulated; carries one error finding."""

    def __init__(self, code: str, element_id: str | None = None, **params: object) -> None:
        self.finding = Finding(code, "error", element_id, **params)
        self.code = code
        super().__init__(self.finding.message("en"))

    @property
    def message(self) -> str:
        return self.finding.message("id")

    def as_dict(self, lang: str = "id") -> dict:
        return self.finding.as_dict(lang)
