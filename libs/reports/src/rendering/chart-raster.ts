import sharp from 'sharp';

/**
 * SVG → PNG for the email (mail clients drop SVG). sharp rasterises with librsvg inside its
 * prebuilt libvips (no install script, no system library), with fontconfig finding the system
 * fonts; 2× density so the chart stays sharp on high-density screens.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * scale })
    .png({ compressionLevel: 9, palette: true, quality: 90 })
    .toBuffer();
}
