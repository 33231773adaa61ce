package org.neurojepa.preprocessing.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;

/**
 * Lists the frames of classic single-frame images and of Enhanced MR multi-frame images. For the
 * latter each functional group is looked up in the frame's own item of the Per-frame Functional
 * Groups Sequence first, then in the Shared Functional Groups Sequence.
 */
final class FrameReader {
  private FrameReader() {}

  static List<Frame> frames(DicomDataset image, String label) {
    List<DicomDataset> perFrame = image.sequence(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
    String series = image.string(DicomTag.SERIES_INSTANCE_UID).orElse("");
    int rows = image.intValue(DicomTag.ROWS).orElse(0);
    int columns = image.intValue(DicomTag.COLUMNS).orElse(0);
    if (perFrame.isEmpty()) {
      String echo = image.string(DicomTag.ECHO_NUMBERS).orElse("");
      return List.of(new Frame(image, 0, series, rows, columns,
          triple(image.doubles(DicomTag.IMAGE_POSITION_PATIENT), 3),
          triple(image.doubles(DicomTag.IMAGE_ORIENTATION_PATIENT), 6),
          triple(image.doubles(DicomTag.PIXEL_SPACING), 2),
          image.doubleValue(DicomTag.RESCALE_SLOPE).orElse(1),
          image.doubleValue(DicomTag.RESCALE_INTERCEPT).orElse(0),
          echo,
          image.string(DicomTag.TEMPORAL_POSITION_IDENTIFIER).orElse(""),
          image.string(DicomTag.ACQUISITION_TIME).orElse(""),
          label));
    }
    DicomDataset shared = image.item(DicomTag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE).orElse(null);
    List<Frame> out = new ArrayList<>(perFrame.size());
    for (int f = 0; f < perFrame.size(); f++) {
      DicomDataset own = perFrame.get(f);
      Optional<DicomDataset> position = group(own, shared, DicomTag.PLANE_POSITION_SEQUENCE);
      Optional<DicomDataset> orientation = group(own, shared, DicomTag.PLANE_ORIENTATION_SEQUENCE);
      Optional<DicomDataset> measures = group(own, shared, DicomTag.PIXEL_MEASURES_SEQUENCE);
      double[] rescale = image.rescale(f);
      Optional<DicomDataset> content = group(own, shared, DicomTag.FRAME_CONTENT_SEQUENCE);
      Optional<DicomDataset> echo = group(own, shared, DicomTag.MR_ECHO_SEQUENCE);
      out.add(new Frame(image, f, series, rows, columns,
          position.map(p -> triple(p.doubles(DicomTag.IMAGE_POSITION_PATIENT), 3)).orElse(null),
          orientation.map(o -> triple(o.doubles(DicomTag.IMAGE_ORIENTATION_PATIENT), 6)).orElse(null),
          measures.map(m -> triple(m.doubles(DicomTag.PIXEL_SPACING), 2)).orElse(null),
          rescale[0],
          rescale[1],
          echo.flatMap(e -> e.string(DicomTag.EFFECTIVE_ECHO_TIME)).orElse(""),
          content.flatMap(c -> c.string(DicomTag.TEMPORAL_POSITION_INDEX)).orElse(""),
          content.flatMap(c -> c.string(DicomTag.FRAME_ACQUISITION_DATETIME)).orElse(""),
          label + " frame " + (f + 1)));
    }
    return out;
  }

  private static Optional<DicomDataset> group(DicomDataset own, DicomDataset shared, int sequence) {
    Optional<DicomDataset> item = own.item(sequence);
    if (item.isEmpty() && shared != null) {
      item = shared.item(sequence);
    }
    return item;
  }

  private static double[] triple(double[] values, int n) {
    return values.length == n ? values : null;
  }
}
