import { getDocument, AnnotationMode } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createCanvas } from "@napi-rs/canvas";
import fs from "fs";
const [,, input, output, valuesJson] = process.argv;
const values = JSON.parse(fs.readFileSync(valuesJson, "utf8"));
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(input)), standardFontDataUrl: "node_modules/pdfjs-dist/standard_fonts/" }).promise;
const page = await doc.getPage(1);
for (const a of await page.getAnnotations()) {
  if (a.subtype !== "Widget" || !(a.fieldName in values)) continue;
  const v = values[a.fieldName];
  if (a.radioButton) { if (String(a.buttonValue) === String(v)) doc.annotationStorage.setValue(a.id, { value: true }); }
  else if (a.checkBox) doc.annotationStorage.setValue(a.id, { value: !!v });
  else doc.annotationStorage.setValue(a.id, { value: v });
}
const viewport = page.getViewport({ scale: 100 / 72 });
const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
await page.render({ canvasContext: canvas.getContext("2d"), viewport, annotationMode: AnnotationMode.ENABLE_STORAGE }).promise;
fs.writeFileSync(output, canvas.toBuffer("image/png"));
console.log("ok");
