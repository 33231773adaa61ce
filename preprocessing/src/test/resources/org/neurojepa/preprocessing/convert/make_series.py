"""Writes a DICOM MR series sampled from Colin27 (or a synthetic ramp) with a known geometry.

Usage: make_series.py SPEC.json   (see SeriesSpec in the Java tests for the keys)
Prints one JSON line: the LPS voxel->world affine we intended (row-major 4x4) and the slice count.
"""
import json
import sys

import nibabel as nib
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from scipy.ndimage import map_coordinates

BASE_IOP = {
    "ax": ([1, 0, 0], [0, 1, 0]),
    "cor": ([1, 0, 0], [0, 0, -1]),
    "sag": ([0, 1, 0], [0, 0, -1]),
}


def rotation(deg, axis):
    a = np.asarray(axis, float)
    a /= np.linalg.norm(a)
    t = np.radians(deg)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * (k @ k)


def sample(spec, row_dir, col_dir, normal, ipp0, shape, spacing):
    cols, rows, slices = shape
    dx, dy, dz = spacing
    jj, ii = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    out = np.zeros((slices, rows, cols), np.float64)
    if spec.get("source", "colin") == "colin":
        img = nib.load(spec.get("colin", "/usr/share/mricron/templates/ch2.nii.gz"))
        data = np.asarray(img.dataobj, dtype=np.float32)
        inv = np.linalg.inv(img.affine)
    for k in range(slices):
        p = (ipp0[None, None, :] + ii[..., None] * dx * row_dir + jj[..., None] * dy * col_dir
             + k * dz * normal)
        if spec.get("source", "colin") == "colin":
            ras = p * np.array([-1, -1, 1])
            vox = ras @ inv[:3, :3].T + inv[:3, 3]
            out[k] = map_coordinates(data, [vox[..., 0], vox[..., 1], vox[..., 2]], order=1, cval=0) * 4
        else:
            out[k] = (ii * 7 + jj * 3 + k * 11) % 1000 + 100
    return out


def base_dataset(spec, study_uid, series_uid, sop_class):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = sop_class
    ds.Modality = "MR"
    ds.Manufacturer = spec.get("manufacturer", "SIEMENS")
    ds.PatientName = "COLIN^27"
    ds.PatientID = spec.get("patient_id", "COLIN27")
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.SeriesNumber = spec.get("series_number", 1)
    ds.StudyDate = "20260101"
    ds.SeriesDate = "20260101"
    ds.AcquisitionTime = "101010.000"
    ds.FrameOfReferenceUID = spec.get("frame_of_reference", "1.2.826.0.1.3680043.8.498.1")
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.MagneticFieldStrength = 3
    defaults = {
        "SeriesDescription": "t1_mprage_sag", "ProtocolName": "t1_mprage_sag",
        "ScanningSequence": ["GR", "IR"], "SequenceVariant": ["SK", "SP", "MP"],
        "MRAcquisitionType": "3D", "RepetitionTime": 2300, "EchoTime": 2.98,
        "InversionTime": 900, "ImageType": ["ORIGINAL", "PRIMARY", "M", "ND"],
        "BodyPartExamined": "HEAD",
    }
    defaults.update(spec.get("header", {}))
    for key, value in defaults.items():
        if value is None:
            continue
        setattr(ds, key, value)
    return ds


def stored_values(values, spec):
    slope = spec.get("slope", 1.0)
    intercept = spec.get("intercept", 0.0)
    return np.clip(np.rint((values - intercept) / slope), -32768, 32767).astype(np.int16)


def main():
    spec = json.load(open(sys.argv[1]))
    out = spec["out"]
    shape = spec.get("shape", [90, 108, 90])          # columns, rows, slices
    spacing = spec.get("spacing", [2.0, 2.0, 2.0])    # along row, along column, between slices
    r0, c0 = BASE_IOP[spec.get("orientation", "sag")]
    rot = rotation(spec.get("rotate_deg", 0.0), spec.get("rotate_axis", [1, 1, 0]))
    row_dir = rot @ np.asarray(r0, float)
    col_dir = rot @ np.asarray(c0, float)
    normal = np.cross(row_dir, col_dir)
    centre = np.asarray(spec.get("centre", [0.0, 18.0, 18.0]))  # LPS: Colin27's brain centre
    cols, rows, slices = shape
    dx, dy, dz = spacing
    ipp0 = centre - (cols - 1) / 2 * dx * row_dir - (rows - 1) / 2 * dy * col_dir - (slices - 1) / 2 * dz * normal
    values = sample(spec, row_dir, col_dir, normal, ipp0, shape, spacing)
    stored = stored_values(values, spec)
    faults = spec.get("faults", [])

    study_uid = spec.get("study_uid") or generate_uid()
    series_uid = spec.get("series_uid") or generate_uid()
    slope, intercept = spec.get("slope", 1.0), spec.get("intercept", 0.0)
    iop = [float(round(v, 8)) for v in list(row_dir) + list(col_dir)]

    frames = []  # (ipp, iop, pixels(int16 rows x cols), extra attrs)
    for k in range(slices):
        ipp = ipp0 + k * dz * normal
        frames.append([ipp, list(iop), stored[k], {}])
    for f in faults:
        name, _, arg = f.partition(":")
        k = int(arg) if arg else slices // 2
        if name == "drop_slice":
            del frames[k]
        elif name == "duplicate":
            frames.append([frames[k][0].copy(), list(frames[k][1]), frames[k][2], {}])
        elif name == "mixed_orientation":
            r2 = rotation(5, [0, 0, 1])
            frames[k][1] = [float(round(v, 8)) for v in list(r2 @ row_dir) + list(r2 @ col_dir)]
        elif name == "shift_slice":
            frames[k][0] = frames[k][0] + 0.3 * dz * normal
        elif name == "single_slice":
            frames = [frames[k]]
        elif name == "different_size":
            frames[k][2] = frames[k][2][:-2, :]
        elif name == "two_echoes":
            second = [[fr[0].copy(), list(fr[1]), fr[2], {"EchoNumbers": 2, "EchoTime": 90}] for fr in frames]
            for fr in frames:
                fr[3].update({"EchoNumbers": 1})
            frames += second
        elif name == "two_time_points":
            second = [[fr[0].copy(), list(fr[1]), fr[2], {"TemporalPositionIdentifier": 2,
                                                          "AcquisitionTime": "101510.000"}] for fr in frames]
            for fr in frames:
                fr[3].update({"TemporalPositionIdentifier": 1})
            frames += second
        elif name == "repeat_unlabelled":
            # A second pass over every position, told apart only by its acquisition time.
            second = [[fr[0].copy(), list(fr[1]), fr[2], {"AcquisitionTime": "101510.000"}] for fr in frames]
            frames += second
        elif name == "shear":
            # Gantry-tilt-like stack: each slice shifted along the column direction by 0.2 mm more.
            for i, fr in enumerate(frames):
                fr[0] = fr[0] + 0.2 * i * col_dir
        else:
            raise SystemExit("unknown fault " + f)

    import os
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(spec.get("seed", 7))
    if spec.get("multiframe"):
        write_multiframe(spec, out, frames, study_uid, series_uid, spacing, slope, intercept, rng)
    else:
        order = rng.permutation(len(frames))
        for n, idx in enumerate(order):
            ipp, fiop, pix, extra = frames[idx]
            ds = base_dataset(spec, study_uid, series_uid, "1.2.840.10008.5.1.4.1.1.4")
            ds.SOPInstanceUID = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            # Instance numbers run against position so that sorting by number would be wrong.
            ds.InstanceNumber = len(frames) - int(idx)
            ds.ImagePositionPatient = [float(round(v, 6)) for v in ipp]
            ds.ImageOrientationPatient = fiop
            ds.PixelSpacing = [dy, dx]
            ds.SliceThickness = dz
            ds.Rows, ds.Columns = pix.shape
            if slope != 1.0 or intercept != 0.0 or spec.get("write_rescale"):
                ds.RescaleSlope = slope
                ds.RescaleIntercept = intercept
                ds.RescaleType = "US"
            for key, value in extra.items():
                setattr(ds, key, value)
            ds.PixelData = np.ascontiguousarray(pix).tobytes()
            ds.save_as(os.path.join(out, "IM%05d.dcm" % (n + 1)), write_like_original=False)

    affine = np.eye(4)
    affine[:3, 0] = row_dir * dx
    affine[:3, 1] = col_dir * dy
    affine[:3, 2] = normal * dz
    affine[:3, 3] = ipp0
    print(json.dumps({"lps_affine": affine.flatten().tolist(), "slices": len(frames),
                      "series_uid": series_uid}))


def write_multiframe(spec, out, frames, study_uid, series_uid, spacing, slope, intercept, rng):
    import os
    dx, dy, dz = spacing
    ds = base_dataset(spec, study_uid, series_uid, "1.2.840.10008.5.1.4.1.1.4.1")
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = 1
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "NONE"]
    ds.ContentQualification = "PRODUCT"
    ds.ContentDate = "20260101"
    ds.ContentTime = "101010.000"
    ds.AcquisitionDateTime = "20260101101010.000"
    rows, cols = frames[0][2].shape
    ds.Rows, ds.Columns = rows, cols
    ds.NumberOfFrames = len(frames)
    order = list(rng.permutation(len(frames))) if spec.get("shuffle_frames", True) else list(range(len(frames)))
    per_frame_rescale = spec.get("per_frame_rescale", False)

    shared = Dataset()
    pm = Dataset()
    pm.PixelSpacing = [dy, dx]
    pm.SliceThickness = dz
    shared.PixelMeasuresSequence = [pm]
    po = Dataset()
    po.ImageOrientationPatient = frames[0][1]
    shared.PlaneOrientationSequence = [po]
    if not per_frame_rescale:
        pvt = Dataset()
        pvt.RescaleSlope = slope
        pvt.RescaleIntercept = intercept
        pvt.RescaleType = "US"
        shared.PixelValueTransformationSequence = [pvt]
    if spec.get("enhanced_timing_only"):
        # Timing as Enhanced MR keeps it: in functional groups and Enhanced MR attributes only.
        tr, te, ti = ds.RepetitionTime, ds.EchoTime, ds.get("InversionTime")
        inversion = "IR" in list(ds.ScanningSequence)
        for key in ("RepetitionTime", "EchoTime", "InversionTime", "ScanningSequence", "SequenceVariant"):
            if key in ds:
                delattr(ds, key)
        ds.EchoPulseSequence = "GRADIENT" if "GR" in spec.get("header", {}).get("ScanningSequence", ["GR"]) else "SPIN"
        timing = Dataset()
        timing.RepetitionTime = tr
        shared.MRTimingAndRelatedParametersSequence = [timing]
        echo = Dataset()
        echo.EffectiveEchoTime = float(te)
        shared.MREchoSequence = [echo]
        modifier = Dataset()
        modifier.InversionRecovery = "YES" if inversion else "NO"
        if ti is not None:
            modifier.InversionTimes = [float(ti)]
        shared.MRModifierSequence = [modifier]
    ds.SharedFunctionalGroupsSequence = [shared]

    dim_org = generate_uid()
    ds.DimensionOrganizationSequence = [Dataset()]
    ds.DimensionOrganizationSequence[0].DimensionOrganizationUID = dim_org
    d1 = Dataset()
    d1.DimensionOrganizationUID = dim_org
    d1.DimensionIndexPointer = 0x00209057
    d1.FunctionalGroupPointer = 0x00209111
    ds.DimensionIndexSequence = [d1]

    per_frame = []
    pixels = []
    for idx in order:
        ipp, fiop, pix, extra = frames[idx]
        item = Dataset()
        fc = Dataset()
        fc.StackID = "1"
        fc.InStackPositionNumber = int(idx) + 1
        fc.DimensionIndexValues = [int(idx) + 1]
        fc.FrameAcquisitionDateTime = "20260101" + extra.get("AcquisitionTime", "101010.000")
        if "TemporalPositionIdentifier" in extra:
            fc.TemporalPositionIndex = extra["TemporalPositionIdentifier"]
        item.FrameContentSequence = [fc]
        pp = Dataset()
        pp.ImagePositionPatient = [float(round(v, 6)) for v in ipp]
        item.PlanePositionSequence = [pp]
        if fiop != frames[0][1]:
            po2 = Dataset()
            po2.ImageOrientationPatient = fiop
            item.PlaneOrientationSequence = [po2]
        if per_frame_rescale:
            pvt = Dataset()
            pvt.RescaleSlope = slope
            pvt.RescaleIntercept = intercept
            pvt.RescaleType = "US"
            item.PixelValueTransformationSequence = [pvt]
        if "EchoNumbers" in extra:
            echo = Dataset()
            echo.EffectiveEchoTime = extra.get("EchoTime", 3.0)
            item.MREchoSequence = [echo]
        per_frame.append(item)
        pixels.append(pix)
    if spec.get("per_frame_orientation"):
        del ds.SharedFunctionalGroupsSequence[0].PlaneOrientationSequence
        for item, idx in zip(per_frame, order):
            po2 = Dataset()
            po2.ImageOrientationPatient = frames[idx][1]
            item.PlaneOrientationSequence = [po2]
    ds.PerFrameFunctionalGroupsSequence = per_frame
    ds.PixelData = np.ascontiguousarray(np.stack(pixels)).tobytes()
    ds.save_as(os.path.join(out, "ENHANCED.dcm"), write_like_original=False)


if __name__ == "__main__":
    main()
