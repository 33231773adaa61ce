package org.neurojepa.service.api;

/**
 * One file of a series generation's artefacts, and where the API serves it.
 *
 * @param href the download path, {@code /api/series/{uid}/artefacts/{generation}/{name}}
 */
public record ArtefactLink(int generation, String name, long bytes, String href) {}
