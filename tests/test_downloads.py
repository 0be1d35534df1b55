from depok_csr.downloads import csv_download


def read(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_download_is_utf8_csv_with_a_header_row():
    response = csv_download("list.csv", ["name", "value"], [["Kelurahan Curug", 1500000]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="list.csv"' in response["Content-Disposition"]
    assert read(response).splitlines() == ["name,value", "Kelurahan Curug,1500000"]


def test_text_that_would_run_as_a_spreadsheet_formula_is_defused():
    response = csv_download("list.csv", ["name"], [['=HYPERLINK("http://x")'], ["@SUM(A1)"]])
    lines = read(response).splitlines()
    assert lines[1].startswith("\"'=HYPERLINK")
    assert lines[2] == "'@SUM(A1)"


def test_negative_numbers_stay_numbers():
    response = csv_download("list.csv", ["gap"], [[-250000]])
    assert read(response).splitlines()[1] == "-250000"
