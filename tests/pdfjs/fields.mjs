import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "fs";
const data = new Uint8Array(fs.readFileSync(process.argv[2]));
const doc = await getDocument({ data }).promise;
const fields = await doc.getFieldObjects();
for (const [name, list] of Object.entries(fields || {})) {
  for (const f of list) console.log("FIELD", name, f.type, JSON.stringify({value: f.value, exportValues: f.exportValues, editable: f.editable}));
}
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  for (const a of await page.getAnnotations()) {
    if (a.subtype !== "Widget") continue;
    console.log("WIDGET", i, a.fieldName, a.fieldType, a.checkBox ? "checkbox" : a.radioButton ? "radio" : "", "DA=" + JSON.stringify(a.defaultAppearanceData), "export=" + (a.exportValue ?? a.buttonValue ?? ""), "hasAP=" + a.hasAppearance, "tu=" + (a.alternativeText||""));
  }
}
