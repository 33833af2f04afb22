"""Every string a widget shows, in Dutch (default) and English.

Widgets ask ``text(language, key, **values)``; a missing English string falls back
to Dutch, so a new label never shows up blank.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

NL: dict[str, str] = {
    # shared
    "totaal": "Totaal",
    "bron": "Bron",
    "illustratief": "Illustratief: voorbeeldwaarden, geen feiten",
    "fout_upload": "Het bestand is niet gebruikt; de vorige gegevens blijven staan.",
    "link_label": "Link naar deze instellingen",
    "link_uitleg": "Deel deze instellingen:",
    "link_fout": "De instellingen uit de link zijn niet gebruikt: {reden}",
    # --- CarePyramid ---
    "pyr_titel": "Kantelen in de zorgpiramide",
    "pyr_uitleg": "Verschuif een deel van de mensen naar een lagere laag van de piramide, "
                  "dichter bij het gewone leven, en zie wat dat doet met de kosten.",
    "pyr_tab_kantelen": "Kantelen",
    "pyr_tab_geld": "Geld per laag",
    "pyr_van": "Van laag",
    "pyr_naar": "Naar laag",
    "pyr_percentage": "Verschuif (% van de laag)",
    "pyr_kosten_kop": "Kosten per persoon per jaar (€)",
    "pyr_kosten_laag": "Laag {laag}: {naam}",
    "pyr_investering": "Investering (€)",
    "pyr_startjaar": "Eerste jaar met besparing",
    "pyr_laag_optie": "{laag}. {naam}",
    "pyr_en": " en ",
    "pyr_laag": "laag {lagen}",
    "pyr_lagen_samen": "de lagen {lagen} samen",
    "pyr_aandelen_bron": "Aandeel van de mensen volgens de bron: {lijst}.",
    "pyr_aandeel_band": "{aandeel} in {lagen}",
    "pyr_gewone_leven": "Het gewone leven",
    "pyr_bijzondere_setting": "De bijzondere setting",
    "pyr_grafiek_titel": "De zorgpiramide na kantelen",
    "pyr_grafiek_sub": "Aantal mensen per laag; tussen haakjes de verandering door kantelen",
    "pyr_grafiek_beschrijving": "Piramide van vier lagen, breed aan de basis (laag 1) en smal "
                                "aan de top (laag 4), met het aantal mensen per laag. De "
                                "cijfers staan ook in de tekst onder de grafiek.",
    "pyr_kosten_beschrijving": "Staafdiagram van de kosten per laag, startpunt en na "
                               "kantelen. De bedragen staan ook in de tekst onder de grafiek.",
    "pyr_tip_laag": "Laag",
    "pyr_tip_groep": "Groep",
    "pyr_tip_mensen": "Mensen",
    "pyr_tip_aandeel": "Aandeel",
    "pyr_alt_piramide": "De piramide heeft vier lagen, breed aan de basis en smal aan de top. "
                        "Van onder naar boven, na kantelen: {lagen}. Laag 1 en 2 vormen samen "
                        "het gewone leven, laag 3 en 4 de bijzondere setting. {verschuiving}",
    "pyr_alt_laag": "laag {laag} {naam} {mensen} mensen ({aandeel})",
    "pyr_verschuiving": "Door kantelen gaan {aantal} mensen van laag {van} naar laag {naar}.",
    "pyr_geen_verschuiving": "Er gaan geen mensen naar een andere laag.",
    "pyr_kosten_titel": "Kosten per laag: startpunt en na kantelen",
    "pyr_kosten_as": "Kosten per jaar (€)",
    "pyr_startpunt": "Startpunt",
    "pyr_na": "Na kantelen",
    "pyr_alt_kosten": "Staafdiagram van de kosten per jaar in elke laag, startpunt tegenover "
                      "na kantelen: {lagen}. Totaal van {voor} naar {na}.",
    "pyr_alt_kosten_laag": "laag {laag} van {voor} naar {na}",
    "pyr_totaal": "Totale kosten per jaar na kantelen: {na} (startpunt: {voor})",
    "pyr_besparing": "Besparing ten opzichte van het startpunt: {bedrag} per jaar",
    "pyr_meerkosten": "Meerkosten ten opzichte van het startpunt: {bedrag} per jaar "
                      "(de lagere laag is per persoon duurder)",
    "pyr_terugverdiend": "De investering van {investering} is terugverdiend in {jaar}.",
    "pyr_niet_terugverdiend": "De investering van {investering} wordt met deze besparing "
                              "niet terugverdiend.",
    "pyr_geen_investering": "Vul een investering in om te zien in welk jaar die is "
                            "terugverdiend.",
    "pyr_tabel_titel": "Per laag: voorbeelden, mensen en kosten",
    "pyr_kol_laag": "Laag",
    "pyr_kol_voorbeelden": "Voorbeelden",
    "pyr_kol_mensen_voor": "Mensen (startpunt)",
    "pyr_kol_mensen_na": "Mensen (na kantelen)",
    "pyr_kol_aandeel": "Aandeel (na kantelen)",
    "pyr_kol_kpp": "Kosten per persoon",
    "pyr_kol_kosten_voor": "Kosten (startpunt)",
    "pyr_kol_kosten_na": "Kosten (na kantelen)",
    "pyr_illustratief_wat": "de mensen en kosten per persoon",
    "pyr_afgeleid": "afgeleid: door sdtoolkit berekend uit de bron",
    "pyr_eigen_gegevens": "eigen gegevens",
    "geld_titel": "Het geld in de piramide van een echte gemeente",
    "geld_vraag": "Hoeveel van het geld gaat naar de bovenste {top}?",
    "geld_uitleg": "De uitgaven aan het sociaal domein per laag van de piramide (Iv3, CBS), "
                   "naast het aandeel van de mensen in elke laag.",
    "geld_gemeente": "Gemeente",
    "geld_stuk": "Jaar en stuk",
    "geld_begroting": "Begroting {jaar}",
    "geld_jaarrekening": "Jaarrekening {jaar}",
    "geld_antwoord": "In {gemeente} ({stuk}) gaat {geld} van het geld in de piramide "
                     "({bedrag} van {totaal}) naar laag 4, Regie (deels) overnemen: de bovenste "
                     "{mensen} van de mensen, ongeveer {aantal} van de {inwoners} inwoners.",
    "geld_geen_verdeling": "Voor {gemeente} ({stuk}) is geen verdeling van het geld te maken: "
                           "{reden}",
    "geld_buiten": "Niet in de piramide geteld: inkomen en participatie {inkomen}, "
                   "beleid {beleid}.",
    "geld_aanname": "Iv3 telt geen mensen per laag: het aandeel mensen komt uit de "
                    "zorgpiramide.",
    "geld_splitsing": "De bron geeft voor de lagen {lagen} alleen een gezamenlijk aandeel; dat "
                      "is hier gelijk verdeeld (een aanname).",
    "geld_grafiek_titel": "{gemeente} ({stuk}): mensen en geld per laag",
    "geld_grafiek_beschrijving": "Staafdiagram per laag van de piramide: links het aandeel van "
                                 "de mensen, rechts het aandeel van het geld. De cijfers staan "
                                 "ook in de tekst onder de grafiek.",
    "geld_mensen": "Aandeel mensen",
    "geld_geld": "Aandeel geld",
    "geld_alt": "Staafdiagram per laag: links het aandeel van de mensen, rechts het aandeel "
                "van het geld in {gemeente} ({stuk}). {lagen}.",
    "geld_alt_laag": "Laag {laag}: {mensen} van de mensen en {geld} van het geld",
    "geld_alt_laag_geen": "Laag {laag}: {mensen} van de mensen",
    "geld_tabel_titel": "Uitgaven per laag",
    "geld_kol_bedrag": "Uitgaven",
    "geld_kol_geld": "Aandeel geld",
    "geld_kol_mensen": "Aandeel mensen",
    "geld_noot_jeugdzorg_plus": "Let op: de taakveldindeling van {jaar} heeft geen eigen code "
                                "voor gesloten jeugdhulp (Jeugdzorg+). Die lasten vallen onder "
                                "jeugdhulp met verblijf en tellen daardoor in laag 3, niet in "
                                "laag 4; laag 4 van {jaar} is dus niet te vergelijken met 2023 "
                                "en 2024.",
    "geld_context_centrum": "{gemeente} krijgt uit het Gemeentefonds de uitkeringen voor "
                            "beschermd wonen ({beschermd_wonen}), maatschappelijke opvang "
                            "({maatschappelijke_opvang}) en vrouwenopvang ({vrouwenopvang}) "
                            "volgens de {circulaire}, voor {voor}. Die gaan alleen naar "
                            "centrumgemeenten, voor hun hele regio, en de lasten ervan staan "
                            "in laag 4. Vergelijk het aandeel daarom met de andere "
                            "centrumgemeenten: bij hen is het mediane aandeel van laag 4 "
                            "{mediaan_centrum}, bij de andere gemeenten {mediaan_ander}.",
    "geld_context_geen": "{gemeente} krijgt geen uitkering voor beschermd wonen uit het "
                         "Gemeentefonds (volgens de {circulaire}, voor {voor}); die gaat alleen "
                         "naar {centrum} centrumgemeenten, voor hun hele regio. Vergelijk het "
                         "aandeel daarom met gemeenten zonder die uitkering: bij hen is het "
                         "mediane aandeel van laag 4 {mediaan_ander}, bij de centrumgemeenten "
                         "{mediaan_centrum}.",
    "geld_context_plaats": "Landelijk staat {gemeente} op plaats {plaats} van {aantal} gemeenten "
                           "naar aandeel van laag 4. Van de {top} gemeenten met het hoogste "
                           "aandeel zijn er {top_centrum} centrumgemeente beschermd wonen; "
                           "{centrum} gemeenten krijgen die uitkering.",
    # --- InvestmentTable ---
    "inv_titel": "Voorgestelde investeringen",
    "inv_uitleg": "Haal het vinkje weg om een investering niet mee te tellen, of pas een "
                  "bedrag aan. De totalen, de vergelijking met het alternatief en de "
                  "downloads volgen meteen.",
    "inv_bedrag_label": "Bedrag (€)",
    "inv_bedrag_tip": "Bedrag voor {naam}, in hele euro's",
    "inv_per_jaar": "Uitgaven per jaar tonen",
    "inv_kolom_nr": "Nr",
    "inv_kolom_investering": "Investering",
    "inv_kolom_bedrag": "Bedrag",
    "inv_kolom_onderbouwing": "Onderbouwing",
    "inv_kolom_alternatief": "Alternatief",
    "inv_kolom_alt_bedrag": "Bedrag alternatief",
    "inv_kolom_verschil": "Verschil",
    "inv_kolom_voetnoten": "Voetnoten",
    "inv_tabel_bijschrift": "Investeringen met onderbouwing en alternatief",
    "inv_niet_meegeteld": "niet meegeteld",
    "inv_aangepast": "aangepast; in de bron {bron}",
    "inv_totaal": "Totaal: {bedrag}",
    "inv_totaal_aantal": "{meegeteld} van {alle} investeringen meegeteld",
    "inv_totaal_zonder": "niet meegeteld: {namen}",
    "inv_alternatief": "Voorstel: {voorstel}. Met het alternatief waar de bron een bedrag "
                       "voor noemt ({aantal} keer): {alternatief}. Verschil: {verschil}.",
    "inv_geen_alternatief": "Bij de meegetelde investeringen noemt de bron geen bedrag "
                            "voor een alternatief.",
    "inv_alternatief_minstens": "Voorstel: {voorstel}. Met het alternatief waar de bron een "
                                "bedrag voor noemt ({aantal} keer): minstens {alternatief}. "
                                "Verschil: {verschil}.",
    "inv_alternatief_berekend": "Dit bedrag voor het alternatief staat niet in de bron: "
                                "sdtoolkit telt voor het eerste jaar op wat de bron per jaar "
                                "en eenmalig noemt.",
    "inv_alternatief_ondergrens": "Het is een ondergrens, want de bron noemt ook {zonder} "
                                  "zonder bedrag.",
    "inv_alt_per_jaar": "{bedrag} per jaar",
    "inv_alt_eenmalig": "{bedrag} eenmalig",
    "inv_alt_zonder": "{wat} (zonder bedrag)",
    "inv_alt_som": "eerste jaar samen {bedrag} (berekend)",
    "inv_alt_som_minstens": "eerste jaar samen minstens {bedrag} (berekend)",
    "inv_verschil_minder": "hoogstens {bedrag} minder",
    "inv_verschil_meer": "minstens {bedrag} meer",
    "inv_controle_kop": "Controle van de totalen in het stuk",
    "inv_controle_aangepast": "met de aangepaste bedragen",
    "inv_klopt": "klopt ({bedrag})",
    "inv_klopt_niet": "klopt niet: vermeld {vermeld}, berekend {berekend}",
    "inv_geen_totalen": "De tabel vermeldt geen totalen om te controleren.",
    "inv_per_jaar_kop": "Uitgaven per jaar",
    "inv_per_jaar_tekst": "Uitgaven per jaar van de meegetelde investeringen: {jaren}. "
                          "Alle jaren samen: {samen}.",
    "inv_per_jaar_verdeling": "Voor {namen} is de verdeling over de jaren uit de bron "
                              "gebruikt; daardoor kan de som over de jaren afwijken van het "
                              "totaal van de tabel.",
    "inv_per_jaar_aanname": "Voor {namen} noemt de bron geen jaar; die staan hier in {jaar}, "
                            "het eerste jaar. Dat is een aanname van sdtoolkit, geen feit uit "
                            "de bron (een eigen tabel kan per rij een jaar geven in de kolom "
                            "jaar).",
    "inv_jaar": "Jaar",
    "inv_grafiek_bedrag": "Bedrag (€)",
    "inv_voetnoten_kop": "Voetnoten",
    "inv_download": "Download de tabel zoals hij nu is:",
    "inv_download_csv": "CSV (.csv)",
    "inv_download_xlsx": "Excel (.xlsx)",
    "inv_totaal_regel": "Totaal meegeteld",
    "inv_bron_eigen": "eigen gegevens ({bestand})",
    # --- BudgetComparison ---
    "budget_domein": "Domein",
    "budget_domein_jeugd": "Jeugd",
    "budget_domein_wmo": "Wmo",
    "budget_domein_participatie": "Participatie",
    "budget_domein_totaal": "Totaal sociaal domein",
    "budget_gemeente": "Gemeente",
    "budget_groei": "Kostengroei per jaar in de vooruitblik (%)",
    "budget_korting_jeugd": "Korting van het Rijk op jeugd (%)",
    "budget_korting_begeleiding": "Korting van het Rijk op begeleiding (%)",
    "budget_deel_begeleiding": "Aanname: deel begeleiding in het Wmo-geld (%)",
    "budget_invoeren": "Korting invoeren over (jaar)",
    "budget_beginsaldo": "Reserve aan het begin (€)",
    "budget_beginsaldo_jaar": "Reserve aan het begin van {jaar} (€)",
    "budget_reserve_op": "De reserve is op in {jaar}.",
    "budget_reserve_niet_op": "De reserve raakt niet op vóór {jaar}.",
    "budget_reserve_onbekend": ("De reserve is niet te berekenen: voor geen enkel jaar zijn "
                                "zowel het beschikbare geld als de uitgaven bekend."),
    "budget_titel": "Geld per jaar en de reserve: {domein}",
    "budget_grafiek_rijksmiddelen": "Rijksmiddelen",
    "budget_grafiek_begroting": "Begroting",
    "budget_grafiek_realisatie": "Realisatie",
    "budget_grafiek_beschikbaar": "Beschikbaar (vooruitblik)",
    "budget_grafiek_uitgaven": "Uitgaven (vooruitblik)",
    "budget_grafiek_jaar": "Jaar",
    "budget_grafiek_bedrag": "Bedrag (€)",
    "budget_grafiek_reeks": "Reeks",
    "budget_grafiek_verschil": "Verschil",
    "budget_grafiek_saldo": "Reserve eind van het jaar",
    "budget_grafiek_soort": "Soort",
    "budget_grafiek_overschot": "Overschot",
    "budget_grafiek_tekort": "Tekort",
    "budget_grafiek_reserve_op": "Reserve op in {jaar}",
    "budget_grafiek_titel_geld": "Geld per jaar",
    "budget_grafiek_titel_reserve": "Verschil per jaar (staven) en de reserve (zwarte lijn)",
    "budget_alt_cijfers": ("De bovenste grafiek toont voor {domein} per jaar de rijksmiddelen, "
                           "de begroting en de realisatie van {van} tot en met {tot}; "
                           "ontbrekende bedragen zijn weggelaten."),
    "budget_alt_vooruitblik": ("Van {van} tot en met {tot} volgt een vooruitblik (gestippeld): "
                               "de uitgaven groeien {groei} per jaar tot {uitgaven} in {tot}; "
                               "het beschikbare geld na korting is dan {beschikbaar}."),
    "budget_alt_reserve": ("De onderste grafiek toont het verschil per jaar en de reserve: "
                           "die begint in {begin} op {beginsaldo} en staat eind {eind} op "
                           "{eindsaldo}."),
    "budget_kolom_jaar": "Jaar",
    "budget_kolom_soort": "Soort",
    "budget_kolom_rijksmiddelen": "Rijksmiddelen",
    "budget_kolom_begroting": "Begroting",
    "budget_kolom_realisatie": "Realisatie",
    "budget_kolom_beschikbaar": "Beschikbaar",
    "budget_kolom_korting": "Korting",
    "budget_kolom_uitgaven": "Uitgaven",
    "budget_kolom_verschil": "Verschil",
    "budget_kolom_reserve": "Reserve eind",
    "budget_bron_cijfers": "cijfers",
    "budget_bron_vooruitblik": "vooruitblik",
    "budget_tabel_titel": "Bedragen per jaar: {domein} (– = onbekend)",
    "budget_noot_begroting": ("Waar de rijksmiddelen niet apart bekend zijn, telt de begroting "
                              "als beschikbaar geld: het verschil is dan begroting min "
                              "realisatie."),
    "budget_noot_geen_realisatie": ("Voor een jaar zonder jaarrekening telt de begroting als "
                                    "uitgaven."),
    "budget_noot_geen_vooruitblik": ("Geen vooruitblik: voor geen enkel jaar zijn zowel het "
                                     "beschikbare geld als de uitgaven bekend."),
    "budget_noot_vooruitblik": ("De vooruitblik gaat uit van {basisjaar}: de uitgaven groeien "
                                "elk jaar, de kortingen gaan af van het beschikbare geld en "
                                "worden ingevoerd over {jaren} jaar."),
    "budget_noot_aanname": ("Aanname: begeleiding is {deel}% van het Wmo-geld; de korting van "
                            "{korting}% geldt alleen voor dat deel. Dat aandeel is een aanname "
                            "van sdtoolkit, geen cijfer uit de bronnen."),
    "budget_noot_korting_genegeerd": ("De korting op {domeinen} is niet toegepast: daarvoor "
                                      "zijn geen aparte cijfers."),
    "budget_noot_iv3": ("Iv3-cijfers: lasten per domein uit begroting en jaarrekening. De "
                        "rijksmiddelen zijn niet apart bekend. Algemene voorzieningen en "
                        "wijkteams (taakvelden 6.1 en 6.2; vanaf 2025 6.1 en 6.23) horen bij "
                        "geen van de drie domeinen en tellen niet mee; toegang en "
                        "coördinatie voor Wmo en jeugd (vanaf 2025 6.21, 6.22, 6.91 en 6.92) "
                        "tellen bij dat domein."),
    "budget_illustratief": ("Deze gemeente en haar bedragen zijn verzonnen; ze volgen het "
                            "verloop dat voor Haarlem na 2015 wordt beschreven."),
    # --- ModelComparison ---
    "mc_titel": "Modellen naast elkaar: welk model past bij uw afweging?",
    "mc_oordeel": "Scores zijn een oordeel van de auteur, geen meting. Zet de gewichten "
                  "naar uw eigen afweging en kijk welk model dan het hoogst scoort.",
    "mc_tabel_bijschrift": "Score per criterium (1 = zwak, {max} = sterk), met de reden",
    "mc_criterium": "Criterium",
    "mc_gewichten_kop": "Hoe zwaar weegt elk criterium? (0 = telt niet mee, 10 = zwaarst)",
    "mc_standaard": "Standaardgewichten",
    "mc_standaard_uitleg": "Zet alle gewichten terug op de standaardwaarden",
    "mc_scores": "Gewogen score (1 = zwak, 5 = sterk): {lijst}.",
    "mc_conclusie": "Met deze gewichten scoort {model} het hoogst ({score} tegen {anderen}).",
    "mc_gelijk": "Met deze gewichten scoren {modellen} gelijk ({score}).",
    "mc_gelijk_hoogst": "Met deze gewichten scoren {modellen} gelijk het hoogst "
                        "({score} tegen {anderen}).",
    "mc_geen_gewicht": "Alle gewichten staan op 0: geef minstens één criterium een gewicht "
                       "om de modellen te vergelijken.",
    "mc_met_lidwoord": "het {model}",
    "mc_zonder_lidwoord": "{model}",
    "mc_en": "en",
    "mc_grafiek_titel": "Gewogen score per model",
    "mc_grafiek_sub": "Elk deel is de bijdrage van één criterium: score maal gewicht",
    "mc_as": "Gewogen score (1 = zwak, 5 = sterk)",
    "mc_model": "Model",
    "mc_score": "Score",
    "mc_gewicht": "Gewicht",
    "mc_bijdrage": "Bijdrage",
    "mc_alt": "De grafiek toont per model een liggende staaf met de gewogen score, "
              "opgebouwd uit de bijdrage van elk criterium (score maal het gewicht als deel "
              "van alle gewichten). {per_model}",
    "mc_alt_model": "{model}: {score}, de grootste bijdrage komt van '{criterium}' "
                    "({bijdrage}).",
    "mc_alt_leeg": "De grafiek is leeg: alle gewichten staan op 0.",
    "mc_eigen_gegevens": "eigen gegevens ({bestand})",
    # --- RiskEqualization ---
    "risico_mix": "Solidariteit (%): 0 = profijt, 100 = naar inwoners",
    "risico_regio": "Regio",
    "risico_jaar": "Jaar en stuk",
    "risico_beide": "Zuid-Kennemerland en IJmond",
    "risico_jaar_stuk": "{jaar} ({stuk})",
    "risico_stuk_begroting": "begroting",
    "risico_stuk_jaarrekening": "jaarrekening",
    "risico_uitleg": ("Bij 0% betaalt elke gemeente haar eigen kosten (profijtbeginsel); bij "
                      "100% wordt het totaal verdeeld naar inwoners (solidariteit). Nu: "
                      "{solidair}% solidariteit en {profijt}% profijt."),
    "risico_totaal": ("De {n} bijdragen samen zijn {bijdragen}: precies de totale eigen kosten "
                      "van {kosten}."),
    "risico_eigen_kosten": "eigen kosten",
    "risico_jeugd_kosten": "lasten jeugd: alle taakvelden jeugd, ook jeugdbescherming en "
                           "jeugdreclassering, {stuk} {jaar}",
    "risico_titel": "Bijdrage per gemeente ({wat}) bij {solidair}% solidariteit",
    "risico_alt": ("De grafiek zet per gemeente de eigen kosten ({wat}) naast de bijdrage bij "
                   "{solidair}% solidariteit, met rechts het verschil."),
    "risico_alt_betaalt": ("{gemeente} betaalt het meest mee voor anderen: {bedrag} boven de "
                           "eigen kosten."),
    "risico_alt_geholpen": "{gemeente} wordt het meest geholpen: {bedrag} onder de eigen kosten.",
    "risico_alt_gelijk": "Elke gemeente betaalt precies haar eigen kosten.",
    "risico_grafiek_gemeente": "Gemeente",
    "risico_grafiek_kosten": "Eigen kosten",
    "risico_grafiek_bijdrage": "Bijdrage",
    "risico_grafiek_verschil": "Verschil",
    "risico_grafiek_bedrag": "Bedrag (€)",
    "risico_grafiek_reeks": "Reeks",
    "risico_grafiek_betaalt_mee": "Betaalt mee voor anderen",
    "risico_grafiek_geholpen": "Wordt geholpen door anderen",
    "risico_grafiek_titel_bedragen": "Eigen kosten en bijdrage",
    "risico_grafiek_titel_verschil": "Bijdrage min eigen kosten",
    "risico_kolom_gemeente": "Gemeente",
    "risico_kolom_inwoners": "Inwoners",
    "risico_kolom_kosten": "Eigen kosten",
    "risico_kolom_bijdrage": "Bijdrage",
    "risico_kolom_verschil": "Verschil",
    # --- ResultsChain ---
    "rc_titel": "Sturen op resultaat: van doel via outcome naar output",
    "rc_uitleg": "Elk niveau heeft meetbare indicatoren met een nulmeting, een streefwaarde "
                 "en wie meet. Op koers: de laatste meting ligt minstens op de rechte lijn "
                 "van nulmeting naar streefwaarde. Achter: eronder. Geen meting: nog niet "
                 "gemeten in of voor het peiljaar.",
    "rc_peiljaar": "Peiljaar",
    "rc_indicator": "Indicator",
    "rc_alle": "Alle indicatoren",
    "rc_samenvatting": "Peiljaar {jaar}: {op_koers} van de {totaal} indicatoren op koers, "
                       "{achter} achter, {geen} zonder meting.",
    "rc_niveau_doel": "Doel",
    "rc_niveau_outcome": "Outcome",
    "rc_niveau_output": "Output",
    "rc_status_op_koers": "op koers",
    "rc_status_achter": "achter",
    "rc_status_geen_meting": "geen meting",
    "rc_nulmeting": "nulmeting {waarde} ({jaar})",
    "rc_streef": "streefwaarde {waarde} ({jaar})",
    "rc_laatste": "laatste meting {waarde} ({jaar})",
    "rc_geen_laatste": "nog geen meting",
    "rc_voortgang": "voortgang {voortgang}, verwacht {verwacht}",
    "rc_gemeten_door": "gemeten door: {wie}",
    "rc_grafiek_titel": "Voortgang per indicator tot en met {jaar}",
    "rc_grafiek_sub": "0% = nulmeting, 100% = streefwaarde (oranje lijn); stippellijn: "
                      "verwacht pad; verticale lijn: peiljaar",
    "rc_gemeten": "Gemeten",
    "rc_verwacht_pad": "Verwacht pad",
    "rc_jaar": "Jaar",
    "rc_voortgang_as": "Voortgang",
    "rc_waarde": "Waarde",
    "rc_alt": "De grafiek toont per indicator de voortgang van de nulmeting (0%) naar de "
              "streefwaarde (100%) tot en met {jaar}, met een stippellijn voor het "
              "verwachte pad. {per_indicator}",
    "rc_alt_indicator": "{code}: {voortgang} in {meetjaar} (verwacht in {jaar}: "
                        "{verwacht}), {status}.",
    "rc_alt_geen": "{code}: nog geen meting.",
    "rc_eigen_gegevens": "eigen gegevens ({bestand})",
    "rc_metingen_weg": "De vorige metingen horen niet bij deze keten en zijn weggelaten; "
                       "laad ook de metingen die erbij horen.",
    # --- DataUpload ---
    "upl_knop": "Kies een bestand",
    "upl_uitleg": "Laad een eigen tabel: CSV of Excel (.xlsx), één bestand, hoogstens "
                  "{grens}. Het bestand wordt eerst gecontroleerd; alleen een goed bestand "
                  "vervangt de gegevens.",
    "upl_schema": "Soort tabel",
    "upl_gelukt": "{aantal} rijen geladen uit {bestand}.",
    "upl_gelukt_een": "1 rij geladen uit {bestand}.",
    "upl_te_groot": "{bestand} is te groot ({grootte}); de grens is {grens}. Een tabel voor "
                    "deze app is meestal maar een paar kilobyte: laat overbodige werkbladen, "
                    "afbeeldingen en kolommen weg.",
    "upl_soort": "{bestand} is geen CSV- of Excel-bestand; kies een bestand dat eindigt op "
                 ".csv of .xlsx.",
    "upl_meerdere": "Kies één bestand tegelijk.",
    "upl_problemen": "{aantal} problemen gevonden in {bestand}:",
    "upl_probleem": "1 probleem gevonden in {bestand}:",
    "upl_kolom_rij": "Rij",
    "upl_kolom_kolom": "Kolom",
    "upl_kolom_waarde": "Waarde",
    "upl_kolom_regel": "Regel",
    "upl_tabel_bijschrift": "Problemen in het bestand",
    # --- PeerComparison ---
    "peer_titel": "Uw gemeente naast vergelijkbare gemeenten",
    "peer_uitleg": "Kies een gemeente (typ de naam of de CBS-code, bijvoorbeeld GM0396), een "
                   "jaar en een groep om mee te vergelijken. U ziet de uitgaven aan het "
                   "sociaal domein per laag van de piramide en aan inkomen en participatie, "
                   "naast het midden (mediaan) en de spreiding van de groep.",
    "peer_gemeente": "Gemeente",
    "peer_gemeente_hint": "naam of CBS-code",
    "peer_stuk": "Jaar en stuk",
    "peer_groep": "Vergelijk met",
    "peer_gekozen": "Gekozen gemeenten",
    "peer_gekozen_hint": "typ een naam en druk op Enter",
    "peer_eenheid": "Bedragen",
    "peer_per_inwoner": "Per inwoner",
    "peer_in_euro": "In euro's",
    "peer_groep_grootteklasse": "Zelfde grootteklasse",
    "peer_groep_sociale_structuur": "Zelfde sociale structuur",
    "peer_groep_centrumfunctie": "Zelfde centrumfunctie",
    "peer_groep_stedelijkheid": "Zelfde stedelijkheid",
    "peer_groep_provincie": "Zelfde provincie",
    "peer_groep_beschermd_wonen": "Centrumgemeenten beschermd wonen",
    "peer_groep_handmatig": "Zelf gekozen gemeenten",
    "peer_uitleg_grootteklasse": "gemeenten met {waarde} ({jaar})",
    "peer_uitleg_sociale_structuur": "gemeenten met sociale structuur '{waarde}' ({jaar})",
    "peer_uitleg_centrumfunctie": "gemeenten met centrumfunctie '{waarde}' ({jaar})",
    "peer_uitleg_centrumfunctie_geen": "de vier grootste steden, die het CBS niet naar "
                                       "centrumfunctie indeelt",
    "peer_uitleg_stedelijkheid": "gemeenten met stedelijkheid '{waarde}' ({jaar})",
    "peer_uitleg_provincie": "gemeenten in {waarde} ({jaar})",
    "peer_uitleg_beschermd_wonen": "de centrumgemeenten die een uitkering beschermd wonen "
                                   "krijgen volgens de {circulaire} voor {jaar}",
    "peer_uitleg_handmatig": "de gemeenten die u zelf koos",
    "peer_groep_zin": "Vergelijkingsgroep: {uitleg}: {aantal} gemeenten, {gemeente} "
                      "meegeteld.",
    "peer_groep_klein": "Kies nog minstens één andere gemeente om mee te vergelijken.",
    "peer_onderdeel_inkomen_participatie": "Inkomen en participatie",
    "peer_laag": "Laag {laag}: {naam}",
    "peer_antwoord": "{gemeente}, {stuk}: naar laag 4 gaat {waarde}{eenheid}; het "
                     "midden van de groep is {mediaan}. {gemeente} staat op plaats {plaats} "
                     "van {aantal} (1 is het hoogste bedrag).",
    "peer_per_inwoner_kort": " per inwoner",
    "peer_kol_onderdeel": "Onderdeel",
    "peer_kol_mediaan": "Mediaan groep",
    "peer_kol_midden": "Middelste helft (P25 – P75)",
    "peer_kol_bereik": "Laagste – hoogste",
    "peer_kol_plaats": "Plaats (1 = hoogste)",
    "peer_tabel_titel": "{gemeente} naast de groep, {stuk}, {eenheid}",
    "peer_plaats": "{plaats} van {aantal}",
    "peer_grafiek_titel": "{gemeente} ({stuk}) tussen {aantal} gemeenten",
    "peer_grafiek_beschrijving": "Per onderdeel een stip voor elke gemeente van de groep, "
                                 "een balk voor de middelste helft, een streep voor de "
                                 "mediaan en een ruit voor de gekozen gemeente.",
    "peer_grafiek_as": "Uitgaven ({eenheid})",
    "peer_grafiek_eigen": "Gekozen gemeente",
    "peer_alt": "{gemeente} ({stuk}) per onderdeel tegenover de groep van {aantal} "
                "gemeenten: {onderdelen}.",
    "peer_alt_onderdeel": "{onderdeel} {waarde} (mediaan {mediaan}, plaats {plaats})",
    "peer_2025": "Let op: de indeling van de taakvelden van 2025 heeft geen aparte code voor "
                 "gesloten plaatsing (Jeugdzorg+); die telt in 2025 in laag 3 en in 2023 en "
                 "2024 in laag 4. Vergelijk laag 3 en 4 van 2025 daarom niet met eerdere jaren.",
    "peer_jr_titel": "Begroting tegenover jaarrekening 2023",
    "peer_jr_uitleg": "Wat {gemeente} voor 2023 begrootte en wat het volgens de jaarrekening "
                      "werkelijk uitgaf, in euro's.",
    "peer_jr_kol_begroting": "Begroting 2023",
    "peer_jr_kol_jaarrekening": "Jaarrekening 2023",
    "peer_jr_kol_verschil": "Verschil",
    "peer_uk_titel": "Rijksgeld naast de uitgaven",
    "peer_uk_uitleg": "De decentralisatie- en integratie-uitkeringen uit het Gemeentefonds "
                      "volgens de {circulaire} voor {jaar}, naast de lasten op de taakvelden "
                      "waarvoor ze bedoeld zijn ({stuk}). De gemeente is vrij in de besteding; "
                      "een verschil is dus geen tekort of overschot.",
    "peer_uk_centrum": "{gemeente} is centrumgemeente: de uitkeringen voor beschermd wonen en "
                       "opvang zijn voor de hele regio, niet alleen voor de eigen inwoners.",
    "peer_uk_niet_centrum": "{gemeente} is geen centrumgemeente: de uitkeringen voor "
                            "beschermd wonen en opvang van de regio gaan naar de "
                            "centrumgemeente, die de zorg ook voor inwoners van {gemeente} "
                            "regelt.",
    "peer_uk_geen": "Voor {jaar} zitten er geen circulaires in de gegevens (wel voor 2024 en "
                    "2025); kies een ander jaar om de uitkeringen te zien.",
    "peer_uk_kol_bestemming": "Waarvoor",
    "peer_uk_kol_uitkering": "Uitkering",
    "peer_uk_kol_lasten": "Lasten",
    "peer_uk_kol_taakvelden": "Taakvelden",
    "peer_uk_beschermd_wonen": "Beschermd wonen",
    "peer_uk_opvang": "Maatschappelijke opvang en vrouwenopvang",
    "peer_uk_participatie": "Participatie (WSW, beschut werk en re-integratie)",
    "peer_onbekend": "Niet gevonden: '{getypt}'. Bedoelt u {namen}?",
    "peer_onbekend_geen": "Niet gevonden: '{getypt}'. Typ een gemeentenaam of een CBS-code "
                          "zoals GM0396, of kies uit de lijst.",
    "peer_of": " of ",
    "peer_bron_meer": " (en {aantal} andere bronnen)",
}

EN: dict[str, str] = {
    # shared
    "totaal": "Total",
    "bron": "Source",
    "illustratief": "Illustrative: example values, not facts",
    "fout_upload": "The file was not used; the previous data stays in place.",
    "link_label": "Link to these settings",
    "link_uitleg": "Share these settings:",
    "link_fout": "The settings in the link were not used: {reden}",
    # --- CarePyramid ---
    "pyr_titel": "Shifting the care pyramid",
    "pyr_uitleg": "Move part of the people to a lower layer of the pyramid, closer to "
                  "ordinary life, and see what that does to the cost.",
    "pyr_tab_kantelen": "Shifting",
    "pyr_tab_geld": "Money per layer",
    "pyr_van": "From layer",
    "pyr_naar": "To layer",
    "pyr_percentage": "Move (% of the layer)",
    "pyr_kosten_kop": "Cost per person per year (€)",
    "pyr_kosten_laag": "Layer {laag}: {naam}",
    "pyr_investering": "Investment (€)",
    "pyr_startjaar": "First year with savings",
    "pyr_en": " and ",
    "pyr_laag": "layer {lagen}",
    "pyr_lagen_samen": "layers {lagen} together",
    "pyr_aandelen_bron": "Share of the people according to the source: {lijst}.",
    "pyr_aandeel_band": "{aandeel} in {lagen}",
    "pyr_gewone_leven": "Ordinary life",
    "pyr_bijzondere_setting": "The special setting",
    "pyr_grafiek_titel": "The care pyramid after shifting",
    "pyr_grafiek_sub": "Number of people per layer; the change in brackets",
    "pyr_grafiek_beschrijving": "Pyramid of four layers, wide at the base (layer 1) and narrow "
                                "at the top (layer 4), with the number of people per layer. "
                                "The figures are also in the text below the chart.",
    "pyr_kosten_beschrijving": "Bar chart of the cost per layer, starting point and after "
                               "shifting. The amounts are also in the text below the chart.",
    "pyr_tip_laag": "Layer",
    "pyr_tip_groep": "Group",
    "pyr_tip_mensen": "People",
    "pyr_tip_aandeel": "Share",
    "pyr_alt_piramide": "The pyramid has four layers, wide at the base and narrow at the top. "
                        "From bottom to top, after shifting: {lagen}. Layers 1 and 2 together "
                        "are ordinary life, layers 3 and 4 the special setting. {verschuiving}",
    "pyr_alt_laag": "layer {laag} {naam} {mensen} people ({aandeel})",
    "pyr_verschuiving": "Shifting moves {aantal} people from layer {van} to layer {naar}.",
    "pyr_geen_verschuiving": "Nobody moves to another layer.",
    "pyr_kosten_titel": "Cost per layer: starting point and after shifting",
    "pyr_kosten_as": "Cost per year (€)",
    "pyr_startpunt": "Starting point",
    "pyr_na": "After shifting",
    "pyr_alt_kosten": "Bar chart of the yearly cost in each layer, starting point against "
                      "after shifting: {lagen}. Total from {voor} to {na}.",
    "pyr_alt_kosten_laag": "layer {laag} from {voor} to {na}",
    "pyr_totaal": "Total cost per year after shifting: {na} (starting point: {voor})",
    "pyr_besparing": "Saving against the starting point: {bedrag} per year",
    "pyr_meerkosten": "Extra cost against the starting point: {bedrag} per year "
                      "(the lower layer costs more per person)",
    "pyr_terugverdiend": "The investment of {investering} is earned back in {jaar}.",
    "pyr_niet_terugverdiend": "The investment of {investering} is not earned back with this "
                              "saving.",
    "pyr_geen_investering": "Enter an investment to see the year in which it is earned back.",
    "pyr_tabel_titel": "Per layer: examples, people and cost",
    "pyr_kol_laag": "Layer",
    "pyr_kol_voorbeelden": "Examples",
    "pyr_kol_mensen_voor": "People (starting point)",
    "pyr_kol_mensen_na": "People (after shifting)",
    "pyr_kol_aandeel": "Share (after shifting)",
    "pyr_kol_kpp": "Cost per person",
    "pyr_kol_kosten_voor": "Cost (starting point)",
    "pyr_kol_kosten_na": "Cost (after shifting)",
    "pyr_illustratief_wat": "the people and cost per person",
    "pyr_afgeleid": "derived: calculated by sdtoolkit from the source",
    "pyr_eigen_gegevens": "own data",
    "geld_titel": "The money in the pyramid of a real municipality",
    "geld_vraag": "How much of the money goes to the top {top}?",
    "geld_uitleg": "Social-domain spending per layer of the pyramid (Iv3, CBS), next to the "
                   "share of the people in each layer.",
    "geld_gemeente": "Municipality",
    "geld_stuk": "Year and document",
    "geld_begroting": "Budget {jaar}",
    "geld_jaarrekening": "Annual accounts {jaar}",
    "geld_antwoord": "In {gemeente} ({stuk}) {geld} of the money in the pyramid ({bedrag} of "
                     "{totaal}) goes to layer 4, Regie (deels) overnemen: the top {mensen} of "
                     "the people, about {aantal} of the {inwoners} inhabitants.",
    "geld_geen_verdeling": "For {gemeente} ({stuk}) the money cannot be divided: {reden}",
    "geld_buiten": "Not counted in the pyramid: income and participation {inkomen}, "
                   "policy {beleid}.",
    "geld_aanname": "Iv3 does not count people per layer: the share of people comes from the "
                    "care pyramid.",
    "geld_splitsing": "The source gives only a joint share for layers {lagen}; it is split "
                      "evenly here (an assumption).",
    "geld_grafiek_titel": "{gemeente} ({stuk}): people and money per layer",
    "geld_grafiek_beschrijving": "Bar chart per layer of the pyramid: the share of the people "
                                 "on the left, the share of the money on the right. The "
                                 "figures are also in the text below the chart.",
    "geld_mensen": "Share of people",
    "geld_geld": "Share of money",
    "geld_alt": "Bar chart per layer: the share of the people on the left, the share of the "
                "money in {gemeente} ({stuk}) on the right. {lagen}.",
    "geld_alt_laag": "Layer {laag}: {mensen} of the people and {geld} of the money",
    "geld_alt_laag_geen": "Layer {laag}: {mensen} of the people",
    "geld_tabel_titel": "Spending per layer",
    "geld_kol_bedrag": "Spending",
    "geld_kol_geld": "Share of money",
    "geld_kol_mensen": "Share of people",
    "geld_noot_jeugdzorg_plus": "Note: the taakveld list of {jaar} has no code of its own for "
                                "closed youth care (Jeugdzorg+). That spending falls under "
                                "residential youth care and counts in layer 3, not layer 4; "
                                "layer 4 of {jaar} is therefore not comparable with 2023 and "
                                "2024.",
    "geld_context_centrum": "{gemeente} receives the Gemeentefonds grants for sheltered housing "
                            "({beschermd_wonen}), social shelter ({maatschappelijke_opvang}) and "
                            "women's shelter ({vrouwenopvang}) according to the {circulaire}, "
                            "for {voor}. Only centrumgemeenten receive them, for their whole "
                            "region, and their spending is in layer 4. Compare the share with "
                            "the other centrumgemeenten: their median share of layer 4 is "
                            "{mediaan_centrum}, that of the other municipalities "
                            "{mediaan_ander}.",
    "geld_context_geen": "{gemeente} receives no Gemeentefonds grant for sheltered housing "
                         "(according to the {circulaire}, for {voor}); only {centrum} "
                         "centrumgemeenten do, for their whole region. Compare the share with "
                         "municipalities without that grant: their median share of layer 4 is "
                         "{mediaan_ander}, that of the centrumgemeenten {mediaan_centrum}.",
    "geld_context_plaats": "Nationally {gemeente} ranks {plaats} of {aantal} municipalities by "
                           "share of layer 4. Of the {top} municipalities with the highest "
                           "share, {top_centrum} are centrumgemeente for sheltered housing; "
                           "{centrum} municipalities receive that grant.",
    # --- InvestmentTable ---
    "inv_titel": "Proposed investments",
    "inv_uitleg": "Untick an investment to leave it out, or change an amount. The totals, "
                  "the comparison with the alternative and the downloads follow at once.",
    "inv_bedrag_label": "Amount (€)",
    "inv_bedrag_tip": "Amount for {naam}, in whole euros",
    "inv_per_jaar": "Show spending per year",
    "inv_kolom_nr": "No.",
    "inv_kolom_investering": "Investment",
    "inv_kolom_bedrag": "Amount",
    "inv_kolom_onderbouwing": "Justification",
    "inv_kolom_alternatief": "Alternative",
    "inv_kolom_alt_bedrag": "Amount of alternative",
    "inv_kolom_verschil": "Difference",
    "inv_kolom_voetnoten": "Footnotes",
    "inv_tabel_bijschrift": "Investments with justification and alternative",
    "inv_niet_meegeteld": "left out",
    "inv_aangepast": "changed; source: {bron}",
    "inv_totaal": "Total: {bedrag}",
    "inv_totaal_aantal": "{meegeteld} of {alle} investments included",
    "inv_totaal_zonder": "left out: {namen}",
    "inv_alternatief": "Proposal: {voorstel}. With the alternative where the source gives "
                       "its cost ({aantal} times): {alternatief}. Difference: {verschil}.",
    "inv_geen_alternatief": "For the included investments the source gives no cost of an "
                            "alternative.",
    "inv_alternatief_minstens": "Proposal: {voorstel}. With the alternative where the source "
                                "gives its cost ({aantal} times): at least {alternatief}. "
                                "Difference: {verschil}.",
    "inv_alternatief_berekend": "This amount for the alternative is not in the source: "
                                "sdtoolkit adds up, for the first year, what the source gives "
                                "per year and once.",
    "inv_alternatief_ondergrens": "It is a lower bound, because the source also names "
                                  "{zonder} without an amount.",
    "inv_alt_per_jaar": "{bedrag} a year",
    "inv_alt_eenmalig": "{bedrag} once",
    "inv_alt_zonder": "{wat} (no amount)",
    "inv_alt_som": "first year together {bedrag} (calculated)",
    "inv_alt_som_minstens": "first year together at least {bedrag} (calculated)",
    "inv_verschil_minder": "at most {bedrag} less",
    "inv_verschil_meer": "at least {bedrag} more",
    "inv_controle_kop": "Check of the totals in the document",
    "inv_controle_aangepast": "with the changed amounts",
    "inv_klopt": "correct ({bedrag})",
    "inv_klopt_niet": "incorrect: stated {vermeld}, calculated {berekend}",
    "inv_geen_totalen": "The table states no totals to check.",
    "inv_per_jaar_kop": "Spending per year",
    "inv_per_jaar_tekst": "Spending per year of the included investments: {jaren}. "
                          "All years together: {samen}.",
    "inv_per_jaar_verdeling": "For {namen} the spread over the years from the source is "
                              "used, so the sum over the years can differ from the table "
                              "total.",
    "inv_per_jaar_aanname": "For {namen} the source gives no year; they are shown in {jaar}, "
                            "the first year. That is an assumption of sdtoolkit, not a fact "
                            "from the source (your own table can give a year per row in the "
                            "column jaar).",
    "inv_jaar": "Year",
    "inv_grafiek_bedrag": "Amount (€)",
    "inv_voetnoten_kop": "Footnotes",
    "inv_download": "Download the table as it is now:",
    "inv_download_csv": "CSV (.csv)",
    "inv_download_xlsx": "Excel (.xlsx)",
    "inv_totaal_regel": "Total included",
    "inv_bron_eigen": "own data ({bestand})",
    # --- BudgetComparison ---
    "budget_domein": "Domain",
    "budget_domein_jeugd": "Youth",
    "budget_domein_wmo": "Wmo (social support)",
    "budget_domein_participatie": "Participation",
    "budget_domein_totaal": "Whole social domain",
    "budget_gemeente": "Municipality",
    "budget_groei": "Yearly cost growth in the outlook (%)",
    "budget_korting_jeugd": "National cut on youth care (%)",
    "budget_korting_begeleiding": "National cut on begeleiding (%)",
    "budget_deel_begeleiding": "Assumption: begeleiding share of the Wmo money (%)",
    "budget_invoeren": "Phase the cuts in over (years)",
    "budget_beginsaldo": "Reserve at the start (€)",
    "budget_beginsaldo_jaar": "Reserve at the start of {jaar} (€)",
    "budget_reserve_op": "The reserve runs out in {jaar}.",
    "budget_reserve_niet_op": "The reserve does not run out before {jaar}.",
    "budget_reserve_onbekend": ("The reserve cannot be calculated: no year has both the money "
                                "available and the spending."),
    "budget_titel": "Money per year and the reserve: {domein}",
    "budget_grafiek_rijksmiddelen": "National funds",
    "budget_grafiek_begroting": "Budget",
    "budget_grafiek_realisatie": "Actual spending",
    "budget_grafiek_beschikbaar": "Available (outlook)",
    "budget_grafiek_uitgaven": "Spending (outlook)",
    "budget_grafiek_jaar": "Year",
    "budget_grafiek_bedrag": "Amount (€)",
    "budget_grafiek_reeks": "Series",
    "budget_grafiek_verschil": "Difference",
    "budget_grafiek_saldo": "Reserve at year end",
    "budget_grafiek_soort": "Kind",
    "budget_grafiek_overschot": "Surplus",
    "budget_grafiek_tekort": "Deficit",
    "budget_grafiek_reserve_op": "Reserve runs out in {jaar}",
    "budget_grafiek_titel_geld": "Money per year",
    "budget_grafiek_titel_reserve": "Yearly difference (bars) and the reserve (black line)",
    "budget_alt_cijfers": ("The upper chart shows for {domein} the national funds, the budget "
                           "and the actual spending per year from {van} to {tot}; unknown "
                           "amounts are left out."),
    "budget_alt_vooruitblik": ("From {van} to {tot} an outlook follows (dashed): spending grows "
                               "{groei} a year to {uitgaven} in {tot}; the money available after "
                               "cuts is then {beschikbaar}."),
    "budget_alt_reserve": ("The lower chart shows the yearly difference and the reserve: it "
                           "starts in {begin} at {beginsaldo} and is {eindsaldo} at the end of "
                           "{eind}."),
    "budget_kolom_jaar": "Year",
    "budget_kolom_soort": "Kind",
    "budget_kolom_rijksmiddelen": "National funds",
    "budget_kolom_begroting": "Budget",
    "budget_kolom_realisatie": "Actual",
    "budget_kolom_beschikbaar": "Available",
    "budget_kolom_korting": "Cut",
    "budget_kolom_uitgaven": "Spending",
    "budget_kolom_verschil": "Difference",
    "budget_kolom_reserve": "Reserve at end",
    "budget_bron_cijfers": "figures",
    "budget_bron_vooruitblik": "outlook",
    "budget_tabel_titel": "Amounts per year: {domein} (– = unknown)",
    "budget_noot_begroting": ("Where the national funds are not known separately, the budget "
                              "counts as the money available: the difference is then budget "
                              "minus actual spending."),
    "budget_noot_geen_realisatie": "For a year without accounts the budget counts as spending.",
    "budget_noot_geen_vooruitblik": ("No outlook: no year has both the money available and the "
                                     "spending."),
    "budget_noot_vooruitblik": ("The outlook starts from {basisjaar}: spending grows every "
                                "year, the cuts come off the money available and are phased in "
                                "over {jaren} years."),
    "budget_noot_aanname": ("Assumption: begeleiding is {deel}% of the Wmo money; the cut of "
                            "{korting}% applies to that part only. The share is an assumption "
                            "of sdtoolkit, not a figure from the sources."),
    "budget_noot_korting_genegeerd": ("The cut on {domeinen} is not applied: there are no "
                                      "separate figures for it."),
    "budget_noot_iv3": ("Iv3 figures: spending per domain from budget and annual accounts. "
                        "The national funds are not known separately. General provisions and "
                        "district teams (taakvelden 6.1 and 6.2; from 2025 6.1 and 6.23) belong "
                        "to none of the three domains and are not counted; access and "
                        "coordination for Wmo and youth (from 2025 6.21, 6.22, 6.91 and 6.92) "
                        "count in that domain."),
    "budget_illustratief": ("This municipality and its amounts are made up; they follow the "
                            "course described for Haarlem after 2015."),
    # --- ModelComparison ---
    "mc_titel": "Models side by side: which model fits your trade-off?",
    "mc_oordeel": "Scores are the author's judgement, not a measurement. Set the weights "
                  "to your own trade-off and see which model then scores highest.",
    "mc_tabel_bijschrift": "Score per criterion (1 = weak, {max} = strong), with the reason",
    "mc_criterium": "Criterion",
    "mc_gewichten_kop": "How much does each criterion weigh? (0 = not counted, 10 = heaviest)",
    "mc_standaard": "Default weights",
    "mc_standaard_uitleg": "Put every weight back on its default value",
    "mc_scores": "Weighted score (1 = weak, 5 = strong): {lijst}.",
    "mc_conclusie": "With these weights {model} scores highest ({score} against {anderen}).",
    "mc_gelijk": "With these weights {modellen} score equally ({score}).",
    "mc_gelijk_hoogst": "With these weights {modellen} share the highest score "
                        "({score} against {anderen}).",
    "mc_geen_gewicht": "Every weight is 0: give at least one criterion a weight to compare "
                       "the models.",
    "mc_met_lidwoord": "the {model}",
    "mc_zonder_lidwoord": "{model}",
    "mc_en": "and",
    "mc_grafiek_titel": "Weighted score per model",
    "mc_grafiek_sub": "Each part is the contribution of one criterion: score times weight",
    "mc_as": "Weighted score (1 = weak, 5 = strong)",
    "mc_model": "Model",
    "mc_score": "Score",
    "mc_gewicht": "Weight",
    "mc_bijdrage": "Contribution",
    "mc_alt": "The chart shows one horizontal bar per model with its weighted score, built "
              "from the contribution of each criterion (score times its share of all "
              "weights). {per_model}",
    "mc_alt_model": "{model}: {score}, the largest contribution comes from '{criterium}' "
                    "({bijdrage}).",
    "mc_alt_leeg": "The chart is empty: every weight is 0.",
    "mc_eigen_gegevens": "own data ({bestand})",
    # --- RiskEqualization ---
    "risico_mix": "Solidarity (%): 0 = benefit, 100 = by inhabitants",
    "risico_regio": "Region",
    "risico_jaar": "Year and document",
    "risico_beide": "Zuid-Kennemerland and IJmond",
    "risico_jaar_stuk": "{jaar} ({stuk})",
    "risico_stuk_begroting": "budget",
    "risico_stuk_jaarrekening": "annual accounts",
    "risico_uitleg": ("At 0% each municipality pays its own cost (benefit principle); at 100% "
                      "the total is shared by inhabitants (solidarity). Now: {solidair}% "
                      "solidarity and {profijt}% benefit."),
    "risico_totaal": ("The {n} contributions add up to {bijdragen}: exactly the total own cost "
                      "of {kosten}."),
    "risico_eigen_kosten": "own cost",
    "risico_jeugd_kosten": "youth spending: all youth taakvelden, including child protection "
                           "and juvenile probation, {stuk} {jaar}",
    "risico_titel": "Contribution per municipality ({wat}) at {solidair}% solidarity",
    "risico_alt": ("The chart puts each municipality's own cost ({wat}) next to its "
                   "contribution at {solidair}% solidarity, with the difference on the right."),
    "risico_alt_betaalt": "{gemeente} pays most for others: {bedrag} above its own cost.",
    "risico_alt_geholpen": "{gemeente} is helped most: {bedrag} below its own cost.",
    "risico_alt_gelijk": "Each municipality pays exactly its own cost.",
    "risico_grafiek_gemeente": "Municipality",
    "risico_grafiek_kosten": "Own cost",
    "risico_grafiek_bijdrage": "Contribution",
    "risico_grafiek_verschil": "Difference",
    "risico_grafiek_bedrag": "Amount (€)",
    "risico_grafiek_reeks": "Series",
    "risico_grafiek_betaalt_mee": "Pays for others",
    "risico_grafiek_geholpen": "Helped by others",
    "risico_grafiek_titel_bedragen": "Own cost and contribution",
    "risico_grafiek_titel_verschil": "Contribution minus own cost",
    "risico_kolom_gemeente": "Municipality",
    "risico_kolom_inwoners": "Inhabitants",
    "risico_kolom_kosten": "Own cost",
    "risico_kolom_bijdrage": "Contribution",
    "risico_kolom_verschil": "Difference",
    # --- ResultsChain ---
    "rc_titel": "Steering on results: from goal via outcome to output",
    "rc_uitleg": "Every level has measurable indicators with a baseline, a target and who "
                 "measures. On track: the latest measurement is at least on the straight "
                 "line from baseline to target. Behind: below it. No measurement: not "
                 "measured in or before the reference year.",
    "rc_peiljaar": "Reference year",
    "rc_indicator": "Indicator",
    "rc_alle": "All indicators",
    "rc_samenvatting": "Reference year {jaar}: {op_koers} of {totaal} indicators on track, "
                       "{achter} behind, {geen} without a measurement.",
    "rc_niveau_doel": "Goal",
    "rc_niveau_outcome": "Outcome",
    "rc_niveau_output": "Output",
    "rc_status_op_koers": "on track",
    "rc_status_achter": "behind",
    "rc_status_geen_meting": "no measurement",
    "rc_nulmeting": "baseline {waarde} ({jaar})",
    "rc_streef": "target {waarde} ({jaar})",
    "rc_laatste": "latest measurement {waarde} ({jaar})",
    "rc_geen_laatste": "not measured yet",
    "rc_voortgang": "progress {voortgang}, expected {verwacht}",
    "rc_gemeten_door": "measured by: {wie}",
    "rc_grafiek_titel": "Progress per indicator up to {jaar}",
    "rc_grafiek_sub": "0% = baseline, 100% = target (orange line); dashed: expected path; "
                      "vertical line: reference year",
    "rc_gemeten": "Measured",
    "rc_verwacht_pad": "Expected path",
    "rc_jaar": "Year",
    "rc_voortgang_as": "Progress",
    "rc_waarde": "Value",
    "rc_alt": "The chart shows for each indicator the progress from the baseline (0%) to "
              "the target (100%) up to {jaar}, with a dashed line for the expected path. "
              "{per_indicator}",
    "rc_alt_indicator": "{code}: {voortgang} in {meetjaar} (expected in {jaar}: "
                        "{verwacht}), {status}.",
    "rc_alt_geen": "{code}: not measured yet.",
    "rc_eigen_gegevens": "own data ({bestand})",
    "rc_metingen_weg": "The previous measurements do not belong to this chain and were "
                       "left out; load the measurements that go with it too.",
    # --- DataUpload ---
    "upl_knop": "Choose a file",
    "upl_uitleg": "Load your own table: CSV or Excel (.xlsx), one file, at most {grens}. "
                  "The file is checked first; only a good file replaces the data.",
    "upl_schema": "Kind of table",
    "upl_gelukt": "{aantal} rows loaded from {bestand}.",
    "upl_gelukt_een": "1 row loaded from {bestand}.",
    "upl_te_groot": "{bestand} is too large ({grootte}); the limit is {grens}. A table for "
                    "this app is usually only a few kilobytes: leave out extra sheets, "
                    "pictures and columns.",
    "upl_soort": "{bestand} is not a CSV or Excel file; choose a file ending in .csv or "
                 ".xlsx.",
    "upl_meerdere": "Choose one file at a time.",
    "upl_problemen": "{aantal} problems found in {bestand}:",
    "upl_probleem": "1 problem found in {bestand}:",
    "upl_kolom_rij": "Row",
    "upl_kolom_kolom": "Column",
    "upl_kolom_waarde": "Value",
    "upl_kolom_regel": "Rule",
    "upl_tabel_bijschrift": "Problems in the file",
}

_TABLES = {"nl": NL, "en": EN}


def text(language: str, key: str, **values: object) -> str:
    """The string ``key`` in ``language``, with ``{placeholders}`` filled in."""
    table = _TABLES.get(language, NL)
    template = table.get(key) or NL[key]
    return template.format(**values) if values else template
