package org.neurojepa.preprocessing.convert;

import org.neurojepa.pacs.file.DicomDataset;

/**
 * One 2D image of a series: a single-frame file, or one frame of an Enhanced MR file, with the
 * attributes that place it and scale it.
 *
 * @param image the data set the pixels come from
 * @param frameIndex the frame within {@code image} (0 for single-frame files)
 * @param position ImagePositionPatient (LPS mm) of the first transmitted pixel's centre; null if absent
 * @param orientation ImageOrientationPatient: row then column direction cosines; null if absent
 * @param pixelSpacing PixelSpacing: between rows, then between columns (mm); null if absent
 * @param echo what tells echoes apart (EchoNumbers, or the effective echo time); "" if absent
 * @param timePoint what tells time points apart (TemporalPositionIdentifier/Index); "" if absent
 * @param acquisitionTime AcquisitionTime or FrameAcquisitionDateTime; "" if absent
 */
record Frame(
    DicomDataset image,
    int frameIndex,
    String seriesInstanceUid,
    int rows,
    int columns,
    double[] position,
    double[] orientation,
    double[] pixelSpacing,
    double slope,
    double intercept,
    String echo,
    String timePoint,
    String acquisitionTime,
    String label) {}
