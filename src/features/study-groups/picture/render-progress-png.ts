import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { fitText, type MeasureText } from '../core/picture-text.js';
import type { BarPrimitive, LinePrimitive, Primitive, ProgressPicture, RectPrimitive, TextPrimitive } from '../core/progress-picture.js';
import { encodeIndexedPng } from './indexed-png.js';
import { pictureFontFamily, registerPictureFonts } from './picture-fonts.js';

/** Draws a progress picture's primitives with @napi-rs/canvas (Skia). Everything it draws was decided by the layout. */

const fontOf = (size: number, weight: TextPrimitive['weight']): string => `${weight === 'bold' ? 'bold ' : ''}${size}px ${pictureFontFamily}`;

function drawRect(ctx: SKRSContext2D, shape: RectPrimitive): void {
  ctx.beginPath();
  ctx.roundRect(shape.x, shape.y, shape.width, shape.height, shape.radius);
  if (shape.fill) {
    ctx.fillStyle = shape.fill;
    ctx.fill();
  }
  if (shape.stroke) {
    ctx.strokeStyle = shape.stroke;
    ctx.lineWidth = shape.lineWidth;
    ctx.setLineDash(shape.dash ? [...shape.dash] : []);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

function drawLine(ctx: SKRSContext2D, shape: LinePrimitive): void {
  ctx.beginPath();
  shape.points.forEach(([x, y], index) => (index === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.strokeStyle = shape.color;
  ctx.lineWidth = shape.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.stroke();
}

function drawBar(ctx: SKRSContext2D, bar: BarPrimitive): void {
  const radius = bar.height / 2;
  ctx.beginPath();
  ctx.roundRect(bar.x, bar.y, bar.width, bar.height, radius);
  if (bar.fraction === null) {
    ctx.strokeStyle = bar.track;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.stroke();
    ctx.setLineDash([]);
    return;
  }
  ctx.fillStyle = bar.track;
  ctx.fill();
  if (bar.fraction <= 0) return;
  // A started book shows at least a round dot, so a small fraction is not mistaken for none.
  const filled = Math.max(bar.height, bar.width * Math.min(1, bar.fraction));
  ctx.beginPath();
  ctx.roundRect(bar.x, bar.y, filled, bar.height, radius);
  ctx.fillStyle = bar.fill;
  ctx.fill();
}

function drawText(ctx: SKRSContext2D, label: TextPrimitive, measure: MeasureText): void {
  ctx.font = fontOf(label.size, label.weight);
  ctx.fillStyle = label.color;
  ctx.textAlign = label.align;
  ctx.textBaseline = 'middle';
  ctx.fillText(fitText(label.text, label.maxWidth, label.size, label.weight, measure), label.x, label.y);
}

/** The picture on a canvas. */
export function drawProgressPicture(picture: ProgressPicture): Canvas {
  registerPictureFonts();
  const canvas = createCanvas(Math.ceil(picture.width), Math.ceil(picture.height));
  const ctx = canvas.getContext('2d');
  const measure: MeasureText = (text, size, weight) => {
    ctx.font = fontOf(size, weight);
    return ctx.measureText(text).width;
  };
  for (const primitive of picture.primitives) drawPrimitive(ctx, primitive, measure);
  return canvas;
}

function drawPrimitive(ctx: SKRSContext2D, primitive: Primitive, measure: MeasureText): void {
  switch (primitive.kind) {
    case 'rect':
      return drawRect(ctx, primitive);
    case 'line':
      return drawLine(ctx, primitive);
    case 'bar':
      return drawBar(ctx, primitive);
    case 'text':
      return drawText(ctx, primitive, measure);
  }
}

/**
 * The picture as an indexed-colour PNG, all on the calling thread (the worker's, in the bot): about a third of the
 * bytes of Skia's truecolour PNG (indexed-png.ts).
 */
export function renderProgressPng(picture: ProgressPicture): Buffer {
  const canvas = drawProgressPicture(picture);
  const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  return encodeIndexedPng(data, width, height);
}
