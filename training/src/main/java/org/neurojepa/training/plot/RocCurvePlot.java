package org.neurojepa.training.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** ROC curves of several labels in one PNG, with the chance diagonal and each label's AUROC in the legend. */
public final class RocCurvePlot {
  private static final int SIZE = 640;
  private static final int MARGIN = 60;
  private static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
    new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
    new Color(188, 189, 34), new Color(23, 190, 207)
  };

  private RocCurvePlot() {}

  /** One label's curve: false-positive rates and true-positive rates, from (0, 0) to (1, 1). */
  public record Curve(String label, double auroc, double[] fpr, double[] tpr) {}

  public static void write(Path png, String title, List<Curve> curves) throws IOException {
    int legend = 18 * curves.size() + 10;
    BufferedImage img = new BufferedImage(SIZE, SIZE + legend, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, SIZE, SIZE + legend);
      int x0 = MARGIN;
      int y0 = SIZE - MARGIN;
      int side = SIZE - 2 * MARGIN;
      g.setColor(Color.BLACK);
      g.drawString(title, MARGIN, 25);
      g.drawRect(x0, y0 - side, side, side);
      g.drawString("false-positive rate", x0 + side / 2 - 50, y0 + 35);
      g.drawString("true-positive rate", 5, y0 - side - 10);
      for (int t = 0; t <= 4; t++) {
        int px = x0 + t * side / 4;
        int py = y0 - t * side / 4;
        g.drawString(String.format(Locale.ROOT, "%.2f", t / 4.0), px - 12, y0 + 18);
        g.drawString(String.format(Locale.ROOT, "%.2f", t / 4.0), x0 - 38, py + 5);
      }
      g.setColor(Color.LIGHT_GRAY);
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
      g.drawLine(x0, y0, x0 + side, y0 - side);
      g.setStroke(new BasicStroke(2f));
      for (int c = 0; c < curves.size(); c++) {
        Curve curve = curves.get(c);
        g.setColor(PALETTE[c % PALETTE.length]);
        for (int i = 1; i < curve.fpr().length; i++) {
          g.drawLine(x0 + (int) Math.round(curve.fpr()[i - 1] * side), y0 - (int) Math.round(curve.tpr()[i - 1] * side),
              x0 + (int) Math.round(curve.fpr()[i] * side), y0 - (int) Math.round(curve.tpr()[i] * side));
        }
        int ly = SIZE + 14 + 18 * c;
        g.fillRect(MARGIN, ly - 10, 24, 4);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%s  AUROC %.3f", curve.label(), curve.auroc()), MARGIN + 32, ly - 4);
      }
    } finally {
      g.dispose();
    }
    Path tmp = png.resolveSibling(png.getFileName() + ".partial");
    if (!ImageIO.write(img, "png", tmp.toFile())) {
      throw new IOException("no PNG writer");
    }
    Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
