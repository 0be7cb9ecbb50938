"""Demo content for the public site: news, technical guides and providers, published, so a
signed-out visitor of ``make run`` sees a living site. Get-or-create by slug (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from public.models import NewsArticle, Provider, ProviderKind, PublishStatus, TechnicalGuide

NEWS = [
    (
        "hoi-nghi-trien-khai-chuong-trinh-sxsh-2026",
        "Hội nghị triển khai Chương trình sản xuất sạch hơn trong công nghiệp năm 2026",
        "Sở Công Thương tổ chức hội nghị với hơn 120 đại biểu doanh nghiệp, giới thiệu kế hoạch "
        "hỗ trợ đánh giá SXSH và kinh phí khuyến công năm 2026.",
        "<p>Sáng nay, Sở Công Thương tổ chức Hội nghị triển khai Chương trình sản xuất sạch hơn "
        "trong công nghiệp năm 2026. Tham dự có đại diện các sở, ngành, UBND các xã, phường và "
        "hơn 120 doanh nghiệp chế biến thuỷ sản, lương thực, vật liệu xây dựng.</p>"
        "<h2>Những điểm mới của kế hoạch</h2><ul>"
        "<li>Hỗ trợ đánh giá nhanh SXSH miễn phí cho 40 cơ sở sản xuất;</li>"
        "<li>Hỗ trợ tối đa 30 % kinh phí đầu tư giải pháp có thời gian hoàn vốn dưới 3 năm;</li>"
        "<li>Xây dựng 3 mô hình trình diễn trong ngành chế biến thực phẩm.</li></ul>"
        "<p>Doanh nghiệp quan tâm đăng ký qua trang Liên hệ hoặc Phòng Kỹ thuật an toàn – Môi "
        "trường, Sở Công Thương.</p>",
        40,
    ),
    (
        "nha-may-che-bien-ca-tra-giam-18-phan-tram-dien",
        "Nhà máy chế biến cá tra giảm 18 % điện năng sau đánh giá SXSH",
        "Sửa rò rỉ khí nén, lắp biến tần cho máy nén lạnh và thu hồi nhiệt giúp tiết kiệm hơn "
        "1,2 tỷ đồng mỗi năm, hoàn vốn trong 14 tháng.",
        "<p>Sau đợt đánh giá SXSH do chuyên gia của chương trình thực hiện, một nhà máy chế "
        "biến cá tra phi lê xuất khẩu đã thực hiện 11 giải pháp, trong đó 7 giải pháp quản lý "
        "nội vi gần như không tốn chi phí.</p>"
        '<table><thead><tr><th scope="col">Giải pháp</th><th scope="col">Tiết kiệm/năm</th>'
        "</tr></thead><tbody><tr><td>Sửa rò rỉ khí nén, tắt máy khi nghỉ ca</td>"
        "<td>210 triệu đồng</td></tr><tr><td>Biến tần cho máy nén lạnh</td><td>640 triệu đồng"
        "</td></tr><tr><td>Thu hồi nhiệt ngưng tụ đun nước vệ sinh</td><td>380 triệu đồng</td>"
        "</tr></tbody></table>"
        "<p>Lượng nước sử dụng cũng giảm 12 % nhờ vòi xịt tự ngắt và tái sử dụng nước rửa "
        "lần cuối.</p>",
        21,
    ),
    (
        "tap-huan-danh-gia-nhanh-sxsh-cho-doanh-nghiep-nho",
        "Tập huấn đánh giá nhanh SXSH cho doanh nghiệp nhỏ và vừa",
        "Khoá tập huấn hai ngày giúp cán bộ kỹ thuật tự nhận diện dòng thải và lập danh mục "
        "giải pháp SXSH.",
        "<p>Khoá tập huấn hướng dẫn phương pháp đánh giá SXSH 6 bước, cân bằng vật liệu và "
        "năng lượng, cách tính thời gian hoàn vốn đơn giản. Học viên thực hành tại một cơ sở "
        "xay xát lúa gạo.</p><p>Tài liệu tập huấn được đăng trong mục Hướng dẫn kỹ thuật.</p>",
        9,
    ),
    (
        "thong-bao-nhan-ho-so-ho-tro-kinh-phi-sxsh-2026",
        "Thông báo nhận hồ sơ đề nghị hỗ trợ kinh phí áp dụng SXSH năm 2026",
        "Cơ sở sản xuất công nghiệp đã được đánh giá SXSH có thể đề nghị hỗ trợ kinh phí đầu "
        "tư giải pháp; hạn nộp hồ sơ 31/3/2026.",
        "<p>Hồ sơ gồm: đơn đề nghị, báo cáo đánh giá SXSH, thuyết minh giải pháp và dự toán "
        "kinh phí. Sở Công Thương ưu tiên giải pháp giảm tiêu thụ năng lượng, nước và phát thải "
        "khí nhà kính.</p>",
        3,
    ),
]

GUIDES = [
    (
        "sxsh-nganh-che-bien-thuy-san",
        "10",
        "Sản xuất sạch hơn trong chế biến thuỷ sản đông lạnh",
        "Các điểm tiêu hao điện, nước, đá vảy và các giải pháp SXSH điển hình cho nhà máy "
        "phi lê cá tra, tôm đông lạnh.",
        "<h2>Định mức tham khảo</h2><ul><li>Điện: 1.000–1.400 kWh/tấn thành phẩm;</li>"
        "<li>Nước: 25–40 m³/tấn thành phẩm.</li></ul>"
        "<h2>Giải pháp quản lý nội vi</h2><ol><li>Vòi xịt có van tự ngắt;</li>"
        "<li>Thu gom phụ phẩm khô trước khi rửa sàn;</li><li>Đóng kín cửa kho lạnh, lắp rèm "
        "gió.</li></ol><h2>Cải tiến thiết bị</h2><p>Biến tần cho máy nén, thu hồi nhiệt "
        "ngưng tụ, cách nhiệt đường ống lạnh.</p>",
    ),
    (
        "sxsh-nganh-xay-xat-lau-bong-gao",
        "10",
        "Sản xuất sạch hơn trong xay xát, lau bóng gạo",
        "Giảm tổn thất gạo gãy, bụi cám và điện năng của máy xát, máy lau bóng.",
        "<p>Hiệu chỉnh khe hở trục, bảo dưỡng sàng, thay động cơ hiệu suất cao và tận dụng "
        "trấu làm nhiên liệu lò sấy là những giải pháp hoàn vốn dưới một năm.</p>",
    ),
    (
        "sxsh-nganh-det-nhuom",
        "13",
        "Sản xuất sạch hơn trong dệt nhuộm",
        "Giảm nước, hơi và hoá chất nhuộm: tối ưu tỷ lệ dung dịch, tái sử dụng nước làm mát, "
        "thu hồi nhiệt nước thải nóng.",
        "<p>Nước và hơi chiếm phần lớn chi phí biến đổi của xưởng nhuộm. Giảm tỷ lệ dung dịch "
        "từ 1:10 xuống 1:6 giúp tiết kiệm tới 30 % nước, hơi và hoá chất.</p>",
    ),
    (
        "sxsh-nganh-giay-bao-bi",
        "17",
        "Sản xuất sạch hơn trong sản xuất giấy và bao bì giấy",
        "Tuần hoàn nước trắng, thu hồi xơ sợi và tiết kiệm hơi sấy.",
        "<p>Lắp đặt hệ thống tuyển nổi thu hồi xơ sợi từ nước trắng giúp giảm 15–20 % nước "
        "cấp và thu hồi 2–3 % nguyên liệu.</p>",
    ),
    (
        "sxsh-nganh-vat-lieu-xay-dung",
        "23",
        "Sản xuất sạch hơn trong sản xuất gạch, vật liệu xây dựng",
        "Chuyển đổi lò nung, tận dụng nhiệt khí thải để sấy mộc, giảm than tiêu thụ.",
        "<p>Lò tuynel có hệ thống thu hồi nhiệt từ vùng làm nguội để sấy mộc giúp giảm 20–25 % "
        "nhiên liệu so với lò thủ công, đồng thời giảm bụi và khí thải.</p>",
    ),
]

PROVIDERS = [
    (
        "trung-tam-khuyen-cong-va-tu-van-phat-trien-cong-nghiep",
        ProviderKind.CONSULTANT,
        "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
        "Đơn vị sự nghiệp thuộc Sở Công Thương: đánh giá nhanh SXSH, tư vấn lập hồ sơ hỗ trợ "
        "khuyến công.",
        "10, 11, 16, 23",
        "0296 3 852 000",
        "",
    ),
    (
        "cong-ty-tu-van-nang-luong-xanh-mekong",
        ProviderKind.CONSULTANT,
        "Công ty TNHH Tư vấn Năng lượng Xanh Mê Kông",
        "Kiểm toán năng lượng, đánh giá SXSH chi tiết, đo kiểm khí nén và hệ thống lạnh.",
        "10, 13, 17, 20",
        "0292 3 761 500",
        "https://nangluongxanh-mekong.vn",
    ),
    (
        "cong-ty-thiet-bi-tiet-kiem-nang-luong-phuong-nam",
        ProviderKind.TECHNOLOGY,
        "Công ty Cổ phần Thiết bị Tiết kiệm năng lượng Phương Nam",
        "Biến tần, động cơ hiệu suất cao, bơm nhiệt và hệ thống thu hồi nhiệt cho nhà máy chế "
        "biến.",
        "10, 11, 22",
        "028 3 899 1200",
        "",
    ),
    (
        "cong-ty-cong-nghe-moi-truong-cuu-long",
        ProviderKind.TECHNOLOGY,
        "Công ty TNHH Công nghệ Môi trường Cửu Long",
        "Hệ thống tuần hoàn nước, xử lý và tái sử dụng nước thải, thu hồi biogas từ phụ phẩm.",
        "10, 13, 17",
        "0297 3 925 800",
        "",
    ),
]


def _upsert(model, slug: str, values: dict, days_ago: int) -> bool:
    item = model.objects.filter(slug=slug).first()
    if item is not None:
        return False
    published = timezone.now() - dt.timedelta(days=days_ago)
    model.objects.create(
        slug=slug, status=PublishStatus.PUBLISHED, published_at=published, **values
    )
    return True


def seed(*, stdout=None) -> None:
    made = 0
    for slug, title, summary, body, days in NEWS:
        made += _upsert(NewsArticle, slug, {"title": title, "summary": summary, "body": body}, days)
    for i, (slug, division, title, summary, body) in enumerate(GUIDES):
        values = {"title": title, "division": division, "summary": summary, "body": body}
        made += _upsert(TechnicalGuide, slug, values, 60 - i)
    for i, (slug, kind, title, summary, divisions, phone, website) in enumerate(PROVIDERS):
        values = {
            "title": title,
            "kind": kind,
            "summary": summary,
            "body": f"<p>{summary}</p>",
            "divisions": divisions,
            "phone": phone,
            "website": website,
        }
        made += _upsert(Provider, slug, values, 50 - i)
    # one draft, to show editors the preview (never public)
    if not NewsArticle.objects.filter(slug="ban-nhap-ket-qua-danh-gia-6-thang").exists():
        NewsArticle.objects.create(
            slug="ban-nhap-ket-qua-danh-gia-6-thang",
            title="(Bản nháp) Kết quả đánh giá SXSH 6 tháng đầu năm",
            summary="Bản nháp chờ duyệt.",
            body="<p>Số liệu đang được tổng hợp.</p>",
        )
        made += 1
    if stdout is not None:
        stdout.write(f"Trang công khai: {made} bài mới.")
