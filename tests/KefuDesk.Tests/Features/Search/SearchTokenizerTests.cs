using KefuDesk.Features.Search;

namespace KefuDesk.Tests.Features.Search;

public sealed class SearchTokenizerTests
{
    [Fact]
    public void Chinese_runs_become_overlapping_pairs_and_their_last_character()
    {
        Assert.Equal("退货 货运 运费 费", SearchTokenizer.IndexText("退货运费"));
        Assert.Equal("好", SearchTokenizer.IndexText("好"));
    }

    [Fact]
    public void English_words_and_numbers_are_lower_case_words()
    {
        Assert.Equal("please send the iphone15 back", SearchTokenizer.IndexText("Please send the iPhone15 back!"));
        Assert.Equal("sf1234567890", SearchTokenizer.IndexText("SF1234567890"));
    }

    [Fact]
    public void Mixed_text_splits_where_the_script_changes_and_at_punctuation()
    {
        Assert.Equal("iphone 退货 货 运费 费 20 元", SearchTokenizer.IndexText("iPhone退货,运费20元。"));
        Assert.Equal("发货 货慢 慢 sf 顺丰 丰", SearchTokenizer.IndexText("【发货慢】——SF/顺丰……"));
    }

    [Fact]
    public void Full_width_letters_and_digits_fold_to_half_width()
    {
        Assert.Equal(SearchTokenizer.IndexText("iphone 123"), SearchTokenizer.IndexText("ＩＰｈｏｎｅ　１２３"));
        Assert.Equal("订单 单 xl20261121001", SearchTokenizer.IndexText("订单：ＸＬ２０２６１１２１００１"));
    }

    [Fact]
    public void Traditional_characters_fold_to_simplified_and_highlight_as_written()
    {
        Assert.Equal(SearchTokenizer.IndexText("我要退货,发货太慢"), SearchTokenizer.IndexText("我要退貨,發貨太慢"));
        Assert.Equal("退貨", Assert.Single(Highlighter.Excerpt("我要退貨", SearchTokenizer.QueryTerms("退货")), s => s.Match).Text);
    }

    [Fact]
    public void Emoji_and_punctuation_alone_give_nothing()
    {
        Assert.Equal("", SearchTokenizer.IndexText("😀!!!……?"));
        Assert.Empty(SearchTokenizer.QueryTerms("。。。 ???"));
    }

    [Fact]
    public void A_query_asks_for_every_pair_of_a_chinese_run_and_every_word()
    {
        var terms = SearchTokenizer.QueryTerms("发货慢 iPhone");

        Assert.Equal(2, terms.Count);
        Assert.Equal(["发货", "货慢"], terms[0].Tokens);
        Assert.False(terms[0].Prefix);
        Assert.Equal(["iphone"], terms[1].Tokens);
        Assert.True(terms[1].Prefix);
    }

    [Fact]
    public void A_two_character_query_is_one_pair_and_one_character_is_a_prefix()
    {
        Assert.Equal(["退货"], Assert.Single(SearchTokenizer.QueryTerms("退货")).Tokens);
        var one = Assert.Single(SearchTokenizer.QueryTerms("退"));
        Assert.Equal(["退"], one.Tokens);
        Assert.True(one.Prefix);
        Assert.False(Assert.Single(SearchTokenizer.QueryTerms("SF")).Prefix);
    }

    [Fact]
    public void Queries_translate_to_each_database_with_every_token_quoted()
    {
        var terms = SearchTokenizer.QueryTerms("发货慢 iphone");

        Assert.Equal("\"发货\" AND \"货慢\" AND \"iphone\"*", SearchMatches.Fts5Query(terms));
        Assert.Equal("'发货' & '货慢' & 'iphone':*", SearchMatches.PostgresQuery(terms));
    }

    [Fact]
    public void Highlights_map_back_to_the_text_as_written()
    {
        var terms = SearchTokenizer.QueryTerms("iphone 退货");
        var segments = Highlighter.Excerpt("我的ＩＰｈｏｎｅ想退货", terms);

        Assert.Equal(["我的", "ＩＰｈｏｎｅ", "想", "退货"], segments.Select(s => s.Text));
        Assert.Equal([false, true, false, true], segments.Select(s => s.Match));
    }

    [Fact]
    public void A_long_message_is_cut_around_the_first_match()
    {
        var text = new string('啊', 300) + "发货慢" + new string('哦', 300);
        var segments = Highlighter.Excerpt(text, SearchTokenizer.QueryTerms("发货慢"));

        Assert.Equal("…", segments[0].Text);
        Assert.Equal("…", segments[^1].Text);
        Assert.Contains(segments, s => s is { Match: true, Text: "发货慢" });
        Assert.True(segments.Sum(s => s.Text.Length) <= Highlighter.ExcerptLength + 2);
    }
}
