"""Citations from real source cells: publisher from the catalogue, outlet from the URL host."""

from __future__ import annotations

import pytest

from helpers.data.sources import (
    RANK_DOCUMENT,
    RANK_NEWS,
    RANK_OFFICIAL,
    RANK_PUBLISHER,
    citation,
    cite_row,
    cite_rows,
    classify_host,
    host_of,
    rank_urls,
    split_sources,
)

# Real source cells from data/raw (tests/fixtures/raw) and the additions.
SPI_2024 = (
    "https://news.okezone.com:443/read/2025/01/22/337/3106869/kpk-ungkap-skor-integritas-nasional-naik-jadi-71-53-masih-kategori-waspada"
    " ; https://kpk.go.id/id/ruang-informasi/berita/spi-2024-skor-merah-jadi-pekerjaan-rumah-yang-harus-diselesaikan-pemda"
    " ; https://indoposco.id/nusantara/2024/04/26/kpk-minta-pemprov-sumbar-perbaiki-skor-spi-untuk-kepentingan-pelayanan-publik"
)
KALTENG_2024 = (
    "https://biroadpim.kalteng.go.id/2024/12/pemprov-kalteng-raih-predikat-zona-hijau-dalam-penganugerahan-predikat-kepatuhan-penyelenggaraan-pelayanan-publik-tahun-2024"
    " ; https://pradanamedia.com/kalteng-mendapatkan-predikat-zona-hijau-dalam-survei-kepatuhan-pelayanan-publik-2024"
)
BELU_2023 = "https://kupang.antaranews.com/berita/128925/ombudsman-ntt-dampingi-standar-pelayanan-dinas-pendidikan-di-12-kabupaten"
MAGELANG_2021 = "https://id.scribd.com/presentation/630070380/1-Persiapan-Evaluasi-ORI-2023-pptx"
KALBAR_2024 = "https://ombudsman.go.id/perwakilan/news/r/pwk--hasil-penilaian-kepatuhan-penyelenggaraan-publik-tahun-2024-meningkat-ombudsman-kalbar-beri-apresiasi"
NTT_2024 = "https://timexkupang.fajar.co.id/2024/11/21/14-disdikbud-di-ntt-naik-level-kepatuhan-pelayanan-publik/amp"


def test_split_sources_keeps_order():
    parts = split_sources(SPI_2024)
    assert len(parts) == 3 and parts[0].startswith("https://news.okezone.com")
    assert split_sources("") == [] and split_sources(None) == []


def test_host_of_strips_port_and_www():
    assert host_of(SPI_2024.split(" ; ")[0]) == "news.okezone.com"
    assert host_of("https://www.kpk.go.id/id/ruang-informasi/berita/x") == "kpk.go.id"


@pytest.mark.parametrize(
    ("host", "publisher", "rank", "name"),
    [
        ("kpk.go.id", "KPK", RANK_PUBLISHER, "kpk.go.id"),
        ("bps.go.id", "KPK", RANK_OFFICIAL, "bps.go.id"),
        ("biroadpim.kalteng.go.id", "Ombudsman RI", RANK_OFFICIAL, "biroadpim.kalteng.go.id"),
        ("kupang.antaranews.com", "Ombudsman RI", RANK_NEWS, "antaranews.com"),
        ("timexkupang.fajar.co.id", "Ombudsman RI", RANK_NEWS, "fajar.co.id"),
        ("id.scribd.com", "Ombudsman RI", RANK_DOCUMENT, "Scribd (dokumen unggahan)"),
    ],
)
def test_classify_host(host, publisher, rank, name):
    found = classify_host(host, publisher)
    assert (found.rank, found.name) == (rank, name)


def test_official_page_ranked_before_news():
    ranked = rank_urls(split_sources(SPI_2024), "KPK")
    assert ranked[0].startswith("https://kpk.go.id/")
    assert [host_of(u) for u in ranked[1:]] == ["news.okezone.com", "indoposco.id"]  # order kept


def test_publisher_own_page_is_cited_without_outlet():
    cited = citation(SPI_2024, "KPK", 2024)
    assert cited.text("id") == "KPK, 2024" and cited.official
    assert cited.urls[0].startswith("https://kpk.go.id/")
    assert citation(KALBAR_2024, "Ombudsman RI", 2024).text("en") == "Ombudsman RI, 2024"


def test_news_report_names_the_outlet_in_both_languages():
    assert citation(BELU_2023, "Ombudsman RI", 2023).text("id") == (
        "Ombudsman RI, melalui antaranews.com, 2023"
    )
    assert citation(NTT_2024, "Ombudsman RI", 2024).text("en") == (
        "Ombudsman RI, via fajar.co.id, 2024"
    )


def test_pemda_site_ranked_before_news_and_named_by_host():
    cited = citation(KALTENG_2024, "Ombudsman RI", 2024)
    assert cited.text("id") == "Ombudsman RI, melalui biroadpim.kalteng.go.id, 2024"
    assert cited.official


def test_uploaded_document_is_ranked_last():
    cells = MAGELANG_2021 + " ; " + BELU_2023
    assert citation(cells, "Ombudsman RI", 2021).outlet == "antaranews.com"
    assert citation(MAGELANG_2021, "Ombudsman RI", 2021).text("en") == (
        "Ombudsman RI, via Scribd (dokumen unggahan), 2021"
    )


def test_publication_title_without_url():
    assert citation("Perpres 59/2017", "BPS", 2019).text("id") == "BPS, Perpres 59/2017, 2019"


def test_every_fixture_row_cites_its_catalogue_publisher(processed_data):
    values = processed_data.values
    cited = cite_rows(values)
    assert (cited.str.len() > 0).all()
    spi = values[(values.indicator_id == "spi") & (values.region_code == "00")]
    spi_2024 = spi[spi.year == 2024].iloc[0]
    assert cite_row(spi_2024) == "KPK, 2024"
    ipak = values[(values.indicator_id == "ipak") & (values.year == 2024)].iloc[0]
    assert cite_row(ipak, "en").startswith("BPS, ") and cite_row(ipak, "en").endswith(", 2024")
    publishers = {"ipak": "BPS", "spi": "KPK", "mcp": "KPK", "ombudsman": "Ombudsman RI"}
    for indicator_id, publisher in publishers.items():
        rows = cited[values.indicator_id == indicator_id]
        assert rows.str.startswith(publisher + ", ").all()
    assert cite_rows(values.head(0)).empty
